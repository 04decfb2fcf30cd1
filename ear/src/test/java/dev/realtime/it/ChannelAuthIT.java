package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.realtime.auth.PusherSignatures;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Private and presence channels end to end with the JDK clients: the auth endpoint, signature
 * checks on the WebSocket, presence, client events and their limits, and authorization on SSE and
 * long-polling. Every refusal gets its documented error and no event of that channel arrives.
 */
class ChannelAuthIT extends RealtimeIT {
    static final PusherSignatures SIGNATURES = new PusherSignatures(RealtimeDeployment.APP_KEY, "test-secret");

    static String socketId(PusherClient client) throws InterruptedException {
        return PusherClient.data(client.await("pusher:connection_established")).getString("socket_id");
    }

    HttpResponse<String> auth(String path, String user, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (user != null) {
            request.header("X-Test-User", user);
        }
        return server.send(request.build());
    }

    static String subscribe(String channel, String auth, String channelData) {
        return "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth + "\""
                + (channelData != null ? ",\"channel_data\":" + Server.jsonString(channelData) : "") + "}}";
    }

    /** Publishes on {@code channel}, then proves with a ping/pong round trip that nothing came. */
    void assertNothingArrives(PusherClient client, String channel) throws InterruptedException {
        server.publish(channel, "secret.event", "{\"leak\":true}");
        client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
        client.await("pusher:pong");
        assertFalse(
                client.received().stream().anyMatch(f -> "secret.event".equals(f.getString("event", null))),
                "an event of a refused channel arrived: " + client.received());
    }

    @Test
    void authEndpointSignsForAllowedUsersOnly() {
        HttpResponse<String> ok = auth("pusher/auth", "alice", "socket_id=123.456&channel_name=private-chat.1");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(
                SIGNATURES.privateAuth("123.456", "private-chat.1"),
                Server.json(ok.body()).getString("auth"));

        HttpResponse<String> laravel =
                auth("broadcasting/auth", "bob", "socket_id=123.456&channel_name=private-chat.1");
        assertEquals(200, laravel.statusCode(), laravel.body());

        HttpResponse<String> denied = auth("pusher/auth", "mallory", "socket_id=123.456&channel_name=private-chat.1");
        assertEquals(403, denied.statusCode());
        assertEquals("forbidden", Server.json(denied.body()).getString("error"));

        HttpResponse<String> anonymous = auth("pusher/auth", null, "socket_id=123.456&channel_name=private-chat.1");
        assertEquals(403, anonymous.statusCode());

        HttpResponse<String> noRule = auth("pusher/auth", "alice", "socket_id=123.456&channel_name=private-other");
        assertEquals(403, noRule.statusCode(), "no matching authorizer means deny");

        assertEquals(
                400,
                auth("pusher/auth", "alice", "socket_id=nope&channel_name=private-chat.1")
                        .statusCode());
        assertEquals(
                400,
                auth("pusher/auth", "alice", "socket_id=1.2&channel_name=bad%20name")
                        .statusCode());
        assertEquals(
                400,
                auth("pusher/auth", "alice", "socket_id=1.2&channel_name=news").statusCode());
    }

    @Test
    void presenceAuthCarriesChannelDataSignedExactly() {
        HttpResponse<String> ok = auth("broadcasting/auth", "alice", "socket_id=1.2&channel_name=presence-room.7");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonObject body = Server.json(ok.body());
        String channelData = body.getString("channel_data");
        assertEquals(SIGNATURES.presenceAuth("1.2", "presence-room.7", channelData), body.getString("auth"));
        JsonObject data = Server.json(channelData);
        assertEquals("alice", data.getString("user_id"));
        assertEquals("Alice", data.getJsonObject("user_info").getString("name"));
    }

    @Test
    void privateChannelWithValidSignatureReceivesEvents() throws Exception {
        try (PusherClient client = connect()) {
            String socket = socketId(client);
            client.send(subscribe("private-chat.1", SIGNATURES.privateAuth(socket, "private-chat.1"), null));
            client.await("pusher_internal:subscription_succeeded");
            server.publish("private-chat.1", "message", "{\"text\":\"hi\"}");
            assertEquals("hi", PusherClient.data(client.await("message")).getString("text"));
        }
    }

    @Test
    void signatureForAnotherSocketOrChannelIsRefused() throws Exception {
        try (PusherClient client = connect()) {
            String socket = socketId(client);
            client.send(subscribe("private-chat.2", SIGNATURES.privateAuth("999.999", "private-chat.2"), null));
            JsonObject error = client.await("pusher:subscription_error");
            assertEquals(401, PusherClient.data(error).getInt("status"));
            assertEquals("private-chat.2", error.getString("channel"));

            client.send(subscribe("private-chat.2", SIGNATURES.privateAuth(socket, "private-chat.3"), null));
            assertEquals(
                    401,
                    PusherClient.data(client.await("pusher:subscription_error")).getInt("status"));

            client.send(subscribe("private-chat.2", "test-key:" + "0".repeat(64), null));
            assertEquals(
                    401,
                    PusherClient.data(client.await("pusher:subscription_error")).getInt("status"));
            assertNothingArrives(client, "private-chat.2");
        }
    }

    @Test
    void presenceWithAlteredChannelDataIsRefused() throws Exception {
        try (PusherClient client = connect()) {
            String socket = socketId(client);
            String signed = "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}";
            String altered = "{\"user_id\":\"admin\",\"user_info\":{\"name\":\"Alice\"}}";
            client.send(
                    subscribe("presence-room.9", SIGNATURES.presenceAuth(socket, "presence-room.9", signed), altered));
            assertEquals(
                    401,
                    PusherClient.data(client.await("pusher:subscription_error")).getInt("status"));
            assertNothingArrives(client, "presence-room.9");
        }
    }

    @Test
    void presenceMembersJoinAndLeaveOnceEach() throws Exception {
        try (PusherClient alice = connect();
                PusherClient bob = connect();
                PusherClient bobAgain = connect()) {
            joinPresence(alice, "alice", "presence-room.5");
            JsonObject bobsView = joinPresence(bob, "bob", "presence-room.5");
            assertEquals(2, bobsView.getJsonObject("presence").getInt("count"));
            assertEquals(
                    "Alice",
                    bobsView.getJsonObject("presence")
                            .getJsonObject("hash")
                            .getJsonObject("alice")
                            .getString("name"));
            JsonObject added = PusherClient.data(alice.await("pusher_internal:member_added"));
            assertEquals("bob", added.getString("user_id"));

            joinPresence(bobAgain, "bob", "presence-room.5"); // second connection: no member_added
            bobAgain.close();
            bob.close();
            JsonObject removed = PusherClient.data(alice.await("pusher_internal:member_removed"));
            assertEquals("bob", removed.getString("user_id"));
            long addedCount = alice.received().stream()
                    .filter(f -> "pusher_internal:member_added".equals(f.getString("event", null)))
                    .count();
            assertEquals(1, addedCount, "member_added only on bob's first connection: " + alice.received());
        }
    }

    JsonObject joinPresence(PusherClient client, String user, String channel) throws Exception {
        String socket = socketId(client);
        HttpResponse<String> auth = auth("pusher/auth", user, "socket_id=" + socket + "&channel_name=" + channel);
        assertEquals(200, auth.statusCode(), auth.body());
        JsonObject body = Server.json(auth.body());
        client.send(subscribe(channel, body.getString("auth"), body.getString("channel_data")));
        return PusherClient.data(client.await("pusher_internal:subscription_succeeded"));
    }

    @Test
    void clientEventsReachOthersNeverTheSenderAndNeverPublicChannels() throws Exception {
        try (PusherClient alice = connect();
                PusherClient bob = connect()) {
            for (PusherClient c : new PusherClient[] {alice, bob}) {
                String socket = socketId(c);
                c.send(subscribe("private-chat.1", SIGNATURES.privateAuth(socket, "private-chat.1"), null));
                c.await("pusher_internal:subscription_succeeded");
                c.subscribe("public-room");
                c.await("pusher_internal:subscription_succeeded");
            }
            alice.send("{\"event\":\"client-typing\",\"channel\":\"private-chat.1\",\"data\":{\"who\":\"alice\"}}");
            assertEquals("alice", PusherClient.data(bob.await("client-typing")).getString("who"));
            bob.send("{\"event\":\"client-ack\",\"channel\":\"private-chat.1\",\"data\":{}}");
            alice.await("client-ack"); // after her own whisper, had it been echoed
            assertFalse(alice.received().stream().anyMatch(f -> "client-typing".equals(f.getString("event", null))));

            alice.send("{\"event\":\"client-typing\",\"channel\":\"public-room\",\"data\":{}}");
            assertEquals(4009, PusherClient.data(alice.await("pusher:error")).getInt("code"));
            alice.send("{\"event\":\"client-typing\",\"channel\":\"private-chat.99\",\"data\":{}}");
            assertEquals(4009, PusherClient.data(alice.await("pusher:error")).getInt("code"));
        }
    }

    @Test
    void clientEventsOnPresenceChannelsCarryTheSendersUserId() throws Exception {
        try (PusherClient alice = connect();
                PusherClient bob = connect()) {
            joinPresence(alice, "alice", "presence-room.11");
            joinPresence(bob, "bob", "presence-room.11");
            alice.send("{\"event\":\"client-wave\",\"channel\":\"presence-room.11\",\"data\":{\"hi\":1}}");
            JsonObject wave = bob.await("client-wave");
            assertEquals("alice", wave.getString("user_id"));
            assertEquals(1, PusherClient.data(wave).getInt("hi"));
        }
    }

    @Test
    void clientEventsOverTheRateLimitAreRefused() throws Exception {
        try (PusherClient client = connect()) {
            String socket = socketId(client);
            client.send(subscribe("private-chat.1", SIGNATURES.privateAuth(socket, "private-chat.1"), null));
            client.await("pusher_internal:subscription_succeeded");
            for (int i = 0; i < 25; i++) { // the limit is 10 per second: 25 cannot all fit in one window
                client.send("{\"event\":\"client-burst\",\"channel\":\"private-chat.1\",\"data\":{\"i\":" + i + "}}");
            }
            JsonObject error = PusherClient.data(client.await("pusher:error"));
            assertEquals(4301, error.getInt("code"), error.toString());
        }
    }

    @Test
    void personalChannelsNeedTheSignedInUser() throws Exception {
        try (PusherClient client = connect()) {
            String socket = socketId(client);
            client.subscribe("user.alice");
            assertEquals(
                    401,
                    PusherClient.data(client.await("pusher:subscription_error")).getInt("status"));

            HttpResponse<String> signin = auth("pusher/user-auth", "alice", "socket_id=" + socket);
            assertEquals(200, signin.statusCode(), signin.body());
            JsonObject body = Server.json(signin.body());
            client.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + body.getString("auth")
                    + "\",\"user_data\":" + Server.jsonString(body.getString("user_data")) + "}}");
            client.await("pusher:signin_success");

            client.subscribe("user.bob");
            assertEquals(
                    403,
                    PusherClient.data(client.await("pusher:subscription_error")).getInt("status"));
            client.subscribe("user.alice");
            client.await("pusher_internal:subscription_succeeded");
            server.publish("user.alice", "notice", "{\"n\":1}");
            client.await("notice");
            assertNothingArrives(client, "user.bob");
        }
    }

    @Test
    void sseAndLongPollAuthorizeWithTheRequestsUser() throws Exception {
        HttpResponse<String> anonymous = server.get("realtime/sse?channels=private-chat.1");
        assertEquals(403, anonymous.statusCode());
        assertEquals("forbidden", Server.json(anonymous.body()).getString("error"));

        try (SseClient sse = SseClient.open(
                server.http,
                server.base.resolve("realtime/sse?channels=private-chat.1,presence-room.3"),
                Map.of("X-Test-User", "alice"))) {
            assertEquals(200, sse.status());
            sse.await("realtime:connected");
            server.publish("private-chat.1", "message", "{\"text\":\"over sse\"}");
            assertEquals(
                    "over sse",
                    Server.json(sse.await("message").data())
                            .getJsonObject("data")
                            .getString("text"));
        }

        HttpResponse<String> denied =
                server.send(HttpRequest.newBuilder(server.base.resolve("realtime/poll?channels=private-chat.locked"))
                        .header("X-Test-User", "alice")
                        .build());
        assertEquals(403, denied.statusCode());
        HttpResponse<String> allowed =
                server.send(HttpRequest.newBuilder(server.base.resolve("realtime/poll?channels=user.bob"))
                        .header("X-Test-User", "bob")
                        .build());
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertNotNull(Server.json(allowed.body()).getString("client"));
        server.send(HttpRequest.newBuilder(server.base.resolve(
                        "realtime/poll?client=" + Server.json(allowed.body()).getString("client")))
                .DELETE()
                .build());
    }
}
