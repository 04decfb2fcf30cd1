package dev.realtime.it;

import static dev.realtime.it.PusherApiRequests.APP_ID;
import static dev.realtime.it.PusherApiRequests.SECRET;
import static dev.realtime.it.PusherApiRequests.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import dev.realtime.auth.PusherSignatures;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Pusher HTTP API driven by Pusher's own Java server SDK (pusher-http-java), unchanged, and by
 * raw HTTP requests for what the SDK never sends: forged, stale and tampered requests, and requests
 * over Pusher's limits. Events arrive at JDK WebSocket clients speaking the Pusher protocol.
 */
class PusherHttpApiIT extends RealtimeIT {
    PusherApiRequests api;
    Pusher pusher;

    @BeforeEach
    void clients() {
        api = new PusherApiRequests(server);
        pusher = api.sdk(APP_ID, RealtimeDeployment.APP_KEY, SECRET);
    }

    @AfterEach
    void close() throws Exception {
        pusher.close();
    }

    /** A connected client subscribed to {@code channel}; its socket id is in {@link Subscriber#socketId}. */
    record Subscriber(PusherClient client, String socketId) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    Subscriber subscribe(String channel) throws Exception {
        PusherClient client =
                PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=java"));
        String socketId =
                PusherClient.data(client.await("pusher:connection_established")).getString("socket_id");
        client.subscribe(channel);
        client.await("pusher_internal:subscription_succeeded");
        return new Subscriber(client, socketId);
    }

    static void assertStatus(int status, Result result) {
        assertEquals(status, result.getHttpStatus(), result.getStatus() + ": " + result.getMessage());
    }

    static boolean received(PusherClient client, String event) {
        return client.received().stream().anyMatch(f -> event.equals(f.getString("event", null)));
    }

    @Test
    void sdkTriggerReachesSubscribedWebSocketClient() throws Exception {
        try (Subscriber a = subscribe("api-news");
                Subscriber b = subscribe("api-sport")) {
            Result result = pusher.trigger("api-news", "article.published", Map.of("title", "Hello", "n", 1));
            assertStatus(200, result);
            assertEquals(Json.createObjectBuilder().build(), Server.json(result.getMessage()));

            JsonObject event = a.client().await("article.published");
            assertEquals("api-news", event.getString("channel"));
            assertEquals(Server.json("{\"title\":\"Hello\",\"n\":1}"), PusherClient.data(event));

            assertStatus(200, pusher.trigger(List.of("api-news", "api-sport"), "both", "plain text"));
            assertEquals("\"plain text\"", a.client().await("both").getString("data"));
            assertEquals("api-sport", b.client().await("both").getString("channel"));
        }
    }

    @Test
    void sdkBatchTriggerPublishesEveryEventInOrder() throws Exception {
        try (Subscriber a = subscribe("api-batch")) {
            List<Event> batch = List.of(
                    new Event("api-batch", "first", Map.of("i", 1)),
                    new Event("api-batch", "second", Map.of("i", 2)),
                    new Event("api-elsewhere", "third", Map.of("i", 3)));
            assertStatus(200, pusher.trigger(batch));
            assertEquals(1, PusherClient.data(a.client().await("first")).getInt("i"));
            assertEquals(2, PusherClient.data(a.client().await("second")).getInt("i"));
        }
    }

    @Test
    void triggerWithSocketIdExcludesThatSocket() throws Exception {
        try (Subscriber sender = subscribe("api-others");
                Subscriber other = subscribe("api-others")) {
            assertStatus(200, pusher.trigger("api-others", "first", Map.of(), sender.socketId()));
            assertStatus(200, pusher.trigger("api-others", "second", Map.of()));

            other.client().await("first");
            other.client().await("second");
            sender.client().await("second"); // frames arrive in order: "first" would have come before
            assertFalse(
                    received(sender.client(), "first"),
                    "the excluded socket got it: " + sender.client().received());
        }
    }

    @Test
    void channelInfo() throws Exception {
        try (Subscriber a = subscribe("api-info");
                Subscriber b = subscribe("api-info")) {
            Result one = pusher.get("/channels/api-info", Map.of("info", "subscription_count"));
            assertStatus(200, one);
            assertEquals(Server.json("{\"occupied\":true,\"subscription_count\":2}"), Server.json(one.getMessage()));

            Result empty = pusher.get("/channels/api-nobody");
            assertEquals(Server.json("{\"occupied\":false}"), Server.json(empty.getMessage()));

            Result list = pusher.get("/channels", Map.of("filter_by_prefix", "api-in"));
            assertStatus(200, list);
            assertEquals(Server.json("{\"channels\":{\"api-info\":{}}}"), Server.json(list.getMessage()));

            assertStatus(400, pusher.get("/channels/api-info", Map.of("info", "user_count")));
            assertStatus(400, pusher.get("/channels/bad!name"));
            assertStatus(400, pusher.get("/channels/api-info/users"));
            assertStatus(400, pusher.get("/channels", Map.of("info", "user_count")));
        }
    }

    @Test
    void channelNamesWithPunctuationAreQueriedWhole() throws Exception {
        // ';' would start a matrix parameter for JAX-RS; '=', '@', ',' and '.' are legal in names too
        String channel = "api;semi=colon@a,b.c";
        try (Subscriber a = subscribe(channel)) {
            Result info = pusher.get("/channels/" + channel, Map.of("info", "subscription_count"));
            assertStatus(200, info);
            assertEquals(1, Server.json(info.getMessage()).getInt("subscription_count"));
            assertEquals(
                    Server.json("{\"occupied\":false}"),
                    Server.json(pusher.get("/channels/api;semi").getMessage()));
        }
    }

    @Test
    void presenceChannelInfoAndUsers() throws Exception {
        String channel = "presence-room.api";
        try (PusherClient alice =
                PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"))) {
            String socketId = PusherClient.data(alice.await("pusher:connection_established"))
                    .getString("socket_id");
            String channelData = "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}";
            String auth = new PusherSignatures(RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET)
                    .presenceAuth(socketId, channel, channelData);
            alice.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth
                    + "\",\"channel_data\":" + Json.createValue(channelData).toString() + "}}");
            alice.await("pusher_internal:subscription_succeeded");

            Result users = pusher.get("/channels/" + channel + "/users");
            assertStatus(200, users);
            assertEquals(Server.json("{\"users\":[{\"id\":\"alice\"}]}"), Server.json(users.getMessage()));

            Result info = pusher.get("/channels/" + channel, Map.of("info", "user_count,subscription_count"));
            assertEquals(
                    Server.json("{\"occupied\":true,\"user_count\":1,\"subscription_count\":1}"),
                    Server.json(info.getMessage()));

            Result list = pusher.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"));
            assertStatus(200, list);
            assertEquals(
                    1,
                    Server.json(list.getMessage())
                            .getJsonObject("channels")
                            .getJsonObject(channel)
                            .getInt("user_count"));
        }
    }

    @Test
    void refusedRequestsPublishNothing() throws Exception {
        String body = PusherApiRequests.event("api-guarded", "forged", "{}");
        try (Subscriber a = subscribe("api-guarded")) {
            URI signed = pusher.signedUri("POST", "/apps/app/events", body);

            URI forged =
                    URI.create(signed.toString().replaceAll("auth_signature=[0-9a-f]{8}", "auth_signature=00000000"));
            assertError(401, "invalid_signature", api.post(forged, body));
            assertError(401, "invalid_body_md5", api.post(signed, body.replace("forged", "tampered")));

            long now = System.currentTimeMillis() / 1000;
            assertError(
                    401, "stale_timestamp", api.post(api.signedAt("POST", "/apps/app/events", body, now - 601), body));
            assertError(
                    401, "stale_timestamp", api.post(api.signedAt("POST", "/apps/app/events", body, now + 601), body));
            assertError(401, "missing_auth", api.post(server.base.resolve("apps/app/events"), body));

            try (Pusher stranger = api.sdk(APP_ID, "other-key", SECRET);
                    Pusher wrongSecret = api.sdk(APP_ID, RealtimeDeployment.APP_KEY, "not-the-secret");
                    Pusher otherApp = api.sdk("other-app", RealtimeDeployment.APP_KEY, SECRET)) {
                assertStatus(401, stranger.trigger("api-guarded", "forged", Map.of()));
                assertStatus(401, wrongSecret.trigger("api-guarded", "forged", Map.of()));
                assertStatus(401, wrongSecret.get("/channels"));
                assertStatus(401, wrongSecret.get("/channels/api-guarded/users"));
                assertStatus(404, otherApp.trigger("api-guarded", "forged", Map.of()));
                assertStatus(404, otherApp.get("/channels"));
            }

            assertStatus(200, pusher.trigger("api-guarded", "genuine", Map.of()));
            a.client().await("genuine");
            assertFalse(
                    received(a.client(), "forged"),
                    "a refused request published: " + a.client().received());
            assertFalse(
                    received(a.client(), "tampered"),
                    "a refused request published: " + a.client().received());
        }
    }

    @Test
    void pusherLimits() throws Exception {
        try (Subscriber a = subscribe("api-limits")) {
            List<String> hundredAndOne = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                hundredAndOne.add("api-limits-" + i);
            }
            hundredAndOne.set(0, "api-limits");
            JsonArrayBuilder channels = Json.createArrayBuilder(hundredAndOne);
            String tooMany = Json.createObjectBuilder()
                    .add("name", "over")
                    .add("channels", channels)
                    .add("data", "{}")
                    .build()
                    .toString();
            assertError(
                    400, "too_many_channels", api.post(pusher.signedUri("POST", "/apps/app/events", tooMany), tooMany));
            assertStatus(200, pusher.trigger(hundredAndOne.subList(0, 100), "hundred", Map.of()));

            List<Event> eleven = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                eleven.add(new Event("api-limits", "over", Map.of("i", i)));
            }
            assertStatus(400, pusher.trigger(eleven));
            assertStatus(200, pusher.trigger(eleven.subList(0, 10)));

            // {"text":"…"} is 11 bytes around the text: 10 KB exactly is accepted, one byte more is not
            assertStatus(200, pusher.trigger("api-limits", "largest", Map.of("text", "x".repeat(10 * 1024 - 11))));
            Result big = pusher.trigger("api-limits", "over", Map.of("text", "x".repeat(10 * 1024 - 10)));
            assertStatus(413, big);
            assertEquals("payload_too_large", Server.json(big.getMessage()).getString("error"));

            assertStatus(400, pusher.trigger("api-limits", "pusher:reserved", Map.of()));

            assertStatus(200, pusher.trigger("api-limits", "done", Map.of()));
            a.client().await("hundred");
            assertEquals(
                    10 * 1024 - 11,
                    PusherClient.data(a.client().await("largest"))
                            .getString("text")
                            .length());
            a.client().await("done");
            long over = a.client().received().stream()
                    .filter(f -> "over".equals(f.getString("event", null)))
                    .count();
            assertEquals(
                    10,
                    over,
                    "only the batch of ten was published: " + a.client().received());
        }
    }
}
