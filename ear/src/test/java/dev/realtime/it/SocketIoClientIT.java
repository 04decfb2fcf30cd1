package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pusher.rest.data.Result;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unmodified socket.io-client 4 (npm) in Node against the deployed EAR, over polling, over a
 * direct WebSocket and over the upgrade from the first to the second; and a raw Engine.IO client
 * that stops answering pings. The server also asks the client for acknowledgements through the
 * public {@code SocketIoSockets} (the test application's {@code SocketIoAckResource}): answered,
 * timed out, unknown socket, and failed by the session's close. The server pings every second and waits two for the answer
 * ({@code realtime.socketio.*} in arquillian.xml), and takes messages up to 100 000 bytes.
 */
class SocketIoClientIT extends RealtimeIT {
    static final int MAX_PAYLOAD = 100_000;

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void socketIoClient(String mode) throws Exception {
        String channel = "sio-news-" + mode;
        try (NodeClients.Script client = new NodeClients.Script(
                "socketio-client.mjs",
                server.base.toString(),
                mode,
                channel,
                "news.published",
                String.valueOf(MAX_PAYLOAD))) {
            assertEquals(mode.equals("websocket") ? "websocket" : "polling", client.await("OPEN"), "first transport");
            String[] connected = client.await("CONNECTED 1").split(" ");
            assertTrue(connected[0].matches("\\d+\\.\\d+"), "socket id " + connected[0]);
            JsonObject ack = Server.json(client.await("SUBSCRIBED 1"));
            assertEquals(channel, ack.getString("channel"));
            assertEquals(200, ack.getInt("status"), "the server acknowledged the subscription");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.subscribers(channel) == 1);

            // the server asks the client for acknowledgements (SocketIoSockets.emitWithAck)
            String socketId = connected[0];
            assertEquals(
                    Server.json("{\"ack\":[{\"echoed\":{\"q\":\"hello\",\"n\":[1,2]},\"id\":\"" + socketId + "\"}]}"),
                    Server.json(askForAck(socketId, "server.ask", 30_000, "{\"q\":\"hello\",\"n\":[1,2]}")),
                    "the client's callback arguments come back to the server");
            assertEquals(
                    Server.json("{\"failed\":\"TIMEOUT\"}"),
                    Server.json(askForAck(socketId, "server.ignored", 1_500, "{\"i\":1}")),
                    "a client that does not call back");
            assertEquals("{\"i\":1}", client.await("IGNORED"), "the client did get the event it left unanswered");
            assertEquals(
                    Server.json("{\"failed\":\"UNKNOWN_SOCKET\"}"),
                    Server.json(askForAck("1.2", "server.ask", 30_000, "{}")));
            // still waiting when the server closes the session below (oversized message)
            CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                    .sendAsync(ackRequest(socketId, "server.ignored", 120_000, "{\"i\":2}"), BodyHandlers.ofString());
            assertEquals("{\"i\":2}", client.await("IGNORED"));

            server.publish(channel, "news.published", "{\"title\":\"first\",\"n\":[1,2]}");
            String first = client.await("EVENT 1");
            assertEquals(channel, first.substring(0, first.indexOf(' ')), "event arrives as (channel, data)");
            assertEquals(
                    Server.json("{\"title\":\"first\",\"n\":[1,2]}"),
                    Server.json(first.substring(first.indexOf(' ') + 1)));

            String[] pinged = client.await("PINGS 3").split(" ");
            assertEquals("same-socket", pinged[0], "connected across three ping intervals without reconnecting");
            assertEquals(mode.equals("polling") ? "polling" : "websocket", pinged[1], "transport after pings");

            // the oversized message makes the server close the session: the client reconnects by itself
            String reason = client.await("DISCONNECTED");
            assertTrue(reason.startsWith("transport"), "closed by the server's transport: " + reason);
            assertEquals(
                    Server.json("{\"failed\":\"DISCONNECTED\"}"),
                    Server.json(pending.get(60, TimeUnit.SECONDS).body()),
                    "a waiting acknowledgement fails when the session closes");
            String[] reconnected = client.await("CONNECTED 2").split(" ");
            assertTrue(!reconnected[0].equals(connected[0]), "a new socket after reconnecting");
            assertEquals(200, Server.json(client.await("SUBSCRIBED 2")).getInt("status"));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.subscribers(channel) == 1);

            server.publish(channel, "news.published", "{\"title\":\"second\"}");
            String second = client.await("EVENT 2");
            assertEquals(Server.json("{\"title\":\"second\"}"), Server.json(second.substring(second.indexOf(' ') + 1)));

            assertTrue(client.await("NAMESPACE").matches("\\d+\\.\\d+"), "a second namespace on the connection");
            assertEquals("Binary attachments are not supported by this server", client.await("BINARY_REFUSED"));
            assertEquals("true", client.await("DONE"), "the root namespace stays connected");
            assertEquals(0, client.exitCode());
        }
    }

    /**
     * A polling client that joins a presence channel and then never polls again, so never answers a
     * ping: its session is closed after pingInterval + pingTimeout, and its subscription and
     * presence membership go with it.
     */
    @Test
    void clientThatStopsAnsweringPingsIsDropped() {
        String channel = "presence-room.sio-silent";
        HttpResponse<String> open = get("socket.io/?EIO=4&transport=polling", "carol");
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.body().startsWith("0{"), open.body());
        JsonObject handshake = Server.json(open.body().substring(1));
        String sid = handshake.getString("sid");
        assertEquals(1000, handshake.getInt("pingInterval"));
        assertEquals(2000, handshake.getInt("pingTimeout"));
        assertEquals(MAX_PAYLOAD, handshake.getInt("maxPayload"));
        String session = "socket.io/?EIO=4&transport=polling&sid=" + sid;

        assertEquals("ok", post(session, "40").body());
        assertTrue(get(session, null).body().startsWith("40{\"sid\":"), "Socket.IO CONNECT answered");
        assertEquals(
                "ok",
                post(session, "421[\"subscribe\",{\"channel\":\"" + channel + "\"}]")
                        .body());
        StringBuilder seen = new StringBuilder();
        pollUntil(session, seen, "431[{\"channel\":\"" + channel + "\",\"status\":200}]");
        assertTrue(
                seen.toString().contains("42[\"presence:subscribed\",\"" + channel + "\",[{\"user_id\":\"carol\""),
                seen.toString());
        assertEquals(1, server.subscribers(channel));
        assertTrue(users(channel).contains("carol"), users(channel));

        // subscribing again (laravel-echo does after a reconnect) is acknowledged and changes nothing
        assertEquals(
                "ok",
                post(session, "422[\"subscribe\",{\"channel\":\"" + channel + "\"}]")
                        .body());
        pollUntil(session, seen, "432[{\"channel\":\"" + channel + "\",\"status\":200}]");
        assertEquals(1, server.subscribers(channel));
        assertEquals(Server.json("{\"users\":[{\"id\":\"carol\"}]}"), Server.json(users(channel)));

        // from here on the client neither polls nor answers pings
        await().atMost(Duration.ofSeconds(30)).until(() -> server.subscribers(channel) == 0);
        assertEquals(Server.json("{\"users\":[]}"), Server.json(users(channel)));
        HttpResponse<String> after = get(session, null);
        assertEquals(400, after.statusCode());
        assertEquals(Server.json("{\"code\":1,\"message\":\"Session ID unknown\"}"), Server.json(after.body()));
    }

    @Test
    void engineIoErrors() {
        HttpResponse<String> noVersion = get("socket.io/?transport=polling", null);
        assertEquals(400, noVersion.statusCode());
        assertEquals(5, Server.json(noVersion.body()).getInt("code"));
        HttpResponse<String> badTransport = get("socket.io/?EIO=4&transport=carrier-pigeon", null);
        assertEquals(400, badTransport.statusCode());
        assertEquals(0, Server.json(badTransport.body()).getInt("code"));
        HttpResponse<String> unknown = get("socket.io/?EIO=4&transport=polling&sid=nope", null);
        assertEquals(400, unknown.statusCode());
        assertEquals(1, Server.json(unknown.body()).getInt("code"));
        HttpResponse<String> postHandshake = post("socket.io/?EIO=4&transport=polling", "40");
        assertEquals(400, postHandshake.statusCode());
        assertEquals(2, Server.json(postHandshake.body()).getInt("code"));

        String sid = Server.json(
                        get("socket.io/?EIO=4&transport=polling", null).body().substring(1))
                .getString("sid");
        String session = "socket.io/?EIO=4&transport=polling&sid=" + sid;
        HttpResponse<String> malformed = post(session, "4{not socket.io");
        assertEquals(400, malformed.statusCode(), "a malformed packet is Engine.IO's bad request");
        assertEquals(3, Server.json(malformed.body()).getInt("code"));
        assertEquals(1, Server.json(get(session, null).body()).getInt("code"), "and the session is closed");

        String sid2 = Server.json(
                        get("socket.io/?EIO=4&transport=polling", null).body().substring(1))
                .getString("sid");
        HttpResponse<String> huge =
                post("socket.io/?EIO=4&transport=polling&sid=" + sid2, "4" + "x".repeat(MAX_PAYLOAD + 1));
        assertEquals(413, huge.statusCode());
    }

    /** The polling transport answers CORS like every HTTP endpoint; WebSocket upgrades check the origin. */
    @Test
    void crossOriginPagesFollowTheAllowList() throws Exception {
        for (String origin : new String[] {"http://allowed.test", "http://evil.test"}) {
            HttpResponse<String> open =
                    server.send(HttpRequest.newBuilder(URI.create(server.base + "socket.io/?EIO=4&transport=polling"))
                            .header("Origin", origin)
                            .GET()
                            .build());
            assertEquals(200, open.statusCode());
            assertEquals(
                    origin.equals("http://allowed.test") ? Optional.of(origin) : Optional.empty(),
                    open.headers().firstValue("Access-Control-Allow-Origin"),
                    origin);
        }
        ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://evil.test")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(server.ws("socket.io/?EIO=4&transport=websocket"), new WebSocket.Listener() {})
                .get(15, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
        assertEquals(
                403,
                ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    /** Long-polls, answering pings like a live client, until {@code packet} has arrived; adds what came to {@code seen}. */
    private void pollUntil(String session, StringBuilder seen, String packet) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = get(session, null).body();
            seen.append(body).append('\u001e');
            for (String received : body.split("\u001e")) {
                if (received.equals("2")) {
                    assertEquals("ok", post(session, "3").body());
                }
            }
            return seen.toString().contains(packet);
        });
    }

    /** The test application's SocketIoAckResource: what the server's emitWithAck completed with. */
    private String askForAck(String socketId, String event, long timeoutMillis, String argument) {
        HttpResponse<String> response = server.send(ackRequest(socketId, event, timeoutMillis, argument));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private HttpRequest ackRequest(String socketId, String event, long timeoutMillis, String argument) {
        return HttpRequest.newBuilder(URI.create(server.base + "test/socketio/ack?socket=" + socketId + "&event="
                        + event + "&timeout=" + timeoutMillis))
                .timeout(Duration.ofSeconds(180))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(argument))
                .build();
    }

    private String users(String channel) {
        Result users = new PusherApiRequests(server)
                .sdk(PusherApiRequests.APP_ID, RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET)
                .get("/channels/" + channel + "/users");
        assertEquals(200, users.getHttpStatus(), users.getMessage());
        return users.getMessage();
    }

    private HttpResponse<String> get(String path, String user) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.base + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("X-Test-User", user);
        }
        return server.send(request.GET().build());
    }

    private HttpResponse<String> post(String path, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
