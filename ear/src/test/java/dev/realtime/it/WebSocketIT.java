package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Pusher protocol over the JDK WebSocket client, against the real EAR on WildFly. */
class WebSocketIT extends RealtimeIT {

    @Test
    void handshakeAnnouncesUniqueSocketIdAndActivityTimeout() throws Exception {
        try (PusherClient a = connect();
                PusherClient b = connect()) {
            JsonObject first = PusherClient.data(a.await("pusher:connection_established"));
            JsonObject second = PusherClient.data(b.await("pusher:connection_established"));
            assertTrue(first.getString("socket_id").matches("\\d+\\.\\d+"), first.toString());
            assertNotEquals(first.getString("socket_id"), second.getString("socket_id"));
            assertEquals(30, first.getInt("activity_timeout"));
        }
    }

    @Test
    void subscribedClientReceivesEventBroadcastByAnEjb() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.subscribe("ws-news");
            JsonObject ok = client.await("pusher_internal:subscription_succeeded");
            assertEquals("ws-news", ok.getString("channel"));

            server.publish("ws-news", "article.published", "{\"title\":\"Hello\",\"n\":1}");

            JsonObject event = client.await("article.published");
            assertEquals("ws-news", event.getString("channel"));
            assertEquals(Server.json("{\"title\":\"Hello\",\"n\":1}"), PusherClient.data(event));
        }
    }

    /**
     * WildFly writes frames through Undertow's native path (each broadcast's UTF-8 bytes shared by
     * every recipient), Payara through JSR-356 {@code sendText}; non-ASCII text arrives intact.
     */
    @Test
    void framesGoThroughTheServersWritePathIntact() throws Exception {
        String expected = "payara".equals(System.getProperty("arquillian.launch")) ? "portable" : "native";
        JsonObject health = Server.json(server.get("realtime/health").body());
        assertEquals(expected, health.getJsonObject("websocket").getString("writePath"), health.toString());
        try (PusherClient a = connect();
                PusherClient b = connect()) {
            for (PusherClient c : new PusherClient[] {a, b}) {
                c.await("pusher:connection_established");
                c.subscribe("ws-utf8");
                c.await("pusher_internal:subscription_succeeded");
            }
            String payload = "{\"text\":\"h\u00e9llo \u20ac \ud83d\ude00 \u65e5\u672c \u2028\"}";
            server.publish("ws-utf8", "said", payload);
            for (PusherClient c : new PusherClient[] {a, b}) {
                assertEquals(Server.json(payload), PusherClient.data(c.await("said")));
            }
        }
    }

    @Test
    void broadcastToOthersSkipsTheSendersSocket() throws Exception {
        try (PusherClient sender = connect();
                PusherClient other = connect()) {
            String senderId = PusherClient.data(sender.await("pusher:connection_established"))
                    .getString("socket_id");
            other.await("pusher:connection_established");
            sender.subscribe("ws-others");
            other.subscribe("ws-others");
            sender.await("pusher_internal:subscription_succeeded");
            other.await("pusher_internal:subscription_succeeded");

            server.publish("ws-others", "first", "1", senderId);
            server.publish("ws-others", "second", "2");

            other.await("first");
            other.await("second");
            sender.await("second");
            assertFalse(
                    sender.received().stream().anyMatch(f -> "first".equals(f.getString("event", null))),
                    "the excluded socket received the event: " + sender.received());
        }
    }

    @Test
    void unsubscribedClientReceivesNothingMore() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.subscribe("ws-unsub");
            client.await("pusher_internal:subscription_succeeded");
            client.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"ws-unsub\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers("ws-unsub") == 0);

            server.publish("ws-unsub", "gone", "true");
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            client.await("pusher:pong"); // frames arrive in order: the event would have come first
            assertFalse(client.received().stream().anyMatch(f -> "gone".equals(f.getString("event", null))));
        }
    }

    @Test
    void clientPingGetsPong() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.send("{\"event\":\"pusher:ping\",\"data\":{}}");
            client.await("pusher:pong");
        }
    }

    @Test
    void malformedFrameGetsPusherErrorAndTheConnectionStaysOpen() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.send("this is not json");
            JsonObject error = PusherClient.data(client.await("pusher:error"));
            assertEquals(4000, error.getInt("code"));
            assertTrue(error.getString("message").contains("Malformed"), error.toString());

            client.send("{\"data\":{}}");
            assertEquals(4000, PusherClient.data(client.await("pusher:error")).getInt("code"));

            client.subscribe("ws-still-open");
            client.await("pusher_internal:subscription_succeeded");
            server.publish("ws-still-open", "alive", "{}");
            client.await("alive");
            assertFalse(client.closed().isDone());
        }
    }

    @Test
    void privateAndPresenceChannelsWithoutSignatureAreRefused() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            for (String channel : new String[] {"private-chat.1", "presence-room.1", "user.42"}) {
                client.subscribe(channel);
                JsonObject error = client.await("pusher:subscription_error");
                assertEquals(channel, error.getString("channel"));
                assertEquals(401, PusherClient.data(error).getInt("status"));
                assertEquals("AuthError", PusherClient.data(error).getString("type"));
            }
            assertEquals(0, server.subscribers("private-chat.1"));
        }
    }

    @Test
    void clientEventOnPublicChannelIsRefused() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.subscribe("ws-public");
            client.await("pusher_internal:subscription_succeeded");
            client.send("{\"event\":\"client-typing\",\"channel\":\"ws-public\",\"data\":{}}");
            assertEquals(4009, PusherClient.data(client.await("pusher:error")).getInt("code"));
        }
    }

    @Test
    void invalidChannelNameGetsSubscriptionError() throws Exception {
        try (PusherClient client = connect()) {
            client.await("pusher:connection_established");
            client.subscribe("bad channel");
            JsonObject error = PusherClient.data(client.await("pusher:subscription_error"));
            assertEquals(400, error.getInt("status"));
            assertEquals("invalid_channel", error.getString("type"));
        }
    }

    @Test
    void unknownAppKeyClosesWith4001() throws Exception {
        try (PusherClient client = PusherClient.connect(server.ws("app/no-such-key?protocol=7"))) {
            assertEquals(4001, PusherClient.data(client.await("pusher:error")).getInt("code"));
            assertEquals(4001, client.closed().get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void unsupportedProtocolVersionClosesWith4007() throws Exception {
        try (PusherClient client =
                PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=3"))) {
            assertEquals(4007, client.closed().get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void connectionAndSubscriberCountsFollowClients() throws Exception {
        int before = server.connections("ws-count");
        try (PusherClient a = connect();
                PusherClient b = connect()) {
            a.await("pusher:connection_established");
            b.await("pusher:connection_established");
            assertTrue(server.connections("ws-count") >= before + 2);
            a.subscribe("ws-count");
            b.subscribe("ws-count");
            a.await("pusher_internal:subscription_succeeded");
            b.await("pusher_internal:subscription_succeeded");
            assertEquals(2, server.subscribers("ws-count"));

            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers("ws-count") == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers("ws-count") == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections("ws-count") <= before);
    }
}
