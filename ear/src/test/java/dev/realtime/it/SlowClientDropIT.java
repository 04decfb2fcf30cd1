package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code realtime.limits.outbound-policy=drop}, end to end: a WebSocket client that stops reading
 * keeps its connection and loses only the messages that did not fit its queue, each counted in
 * {@code /realtime/health}; once it reads again it gets every message that was not dropped, in
 * order, and new ones. The client that keeps reading loses nothing. The setting is read once at
 * boot, so this runs on a WildFly node of its own ({@link ClusterNode}, port offset 400) rather
 * than on the shared Arquillian server, which keeps the default {@code close} policy that
 * {@link SlowClientIT} tests. That node also uses {@code realtime.websocket.write-path=portable},
 * so the JSR-356 path is exercised on WildFly too.
 */
class SlowClientDropIT {
    private static final int MAX_MESSAGES = 6000;
    private static ClusterNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ClusterNode.start(
                "drop-policy",
                400,
                Map.of(
                        "realtime.limits.outbound-policy", "drop",
                        "realtime.limits.outbound-queue", "200",
                        "realtime.websocket.write-path", "portable"));
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void stalledClientLosesOnlyWhatDidNotFitAndEveryDropIsCounted() throws Exception {
        Server server = node.server;
        JsonObject before = health(server);
        assertEquals("drop", before.getJsonObject("delivery").getString("policy"));
        assertEquals("portable", before.getJsonObject("websocket").getString("writePath"));
        String path = "app/" + RealtimeDeployment.APP_KEY + "?protocol=7";
        try (PusherClient fast = PusherClient.connect(node.ws(path));
                PusherClient stalled = PusherClient.connect(node.ws(path))) {
            for (PusherClient c : List.of(fast, stalled)) {
                c.await("pusher:connection_established");
                c.subscribe("drop-feed");
                c.await("pusher_internal:subscription_succeeded");
            }
            stalled.pause();

            String filler = "x".repeat(8000);
            int sent = 0;
            while (sent < MAX_MESSAGES && dropped(server) == 0) {
                for (int i = 0; i < 100; i++, sent++) {
                    server.publish("drop-feed", "tick", "{\"n\":" + sent + ",\"fill\":\"" + filler + "\"}");
                }
            }
            for (int i = 0; i < 100; i++, sent++) { // keep dropping for a while
                server.publish("drop-feed", "tick", "{\"n\":" + sent + ",\"fill\":\"" + filler + "\"}");
            }
            long dropped = dropped(server);
            assertTrue(dropped > 0, "nothing was dropped after " + sent + " messages");
            assertEquals(2, server.subscribers("drop-feed"), "the stalled client keeps its connection");

            List<Integer> fastSeen = ticks(fast, sent);
            for (int i = 0; i < sent; i++) {
                assertEquals(i, fastSeen.get(i), "the reading client lost or reordered a message at " + i);
            }

            stalled.resume();
            List<Integer> stalledSeen = ticks(stalled, (int) (sent - dropped));
            for (int i = 1; i < stalledSeen.size(); i++) {
                assertTrue(stalledSeen.get(i) > stalledSeen.get(i - 1), "out of order at " + i);
            }
            server.publish("drop-feed", "after", "{\"n\":-1}");
            stalled.await("after");
            fast.await("after");
            assertEquals(dropped, dropped(server), "nothing dropped once the client reads again");
            long ticks = stalled.received().stream()
                    .filter(f -> "tick".equals(f.getString("event", null)))
                    .count();
            assertEquals(sent - dropped, ticks, "every tick was either delivered or counted as dropped");
        }
    }

    /** The {@code n} of the next {@code count} ticks the client receives. */
    private static List<Integer> ticks(PusherClient client, int count) throws InterruptedException {
        List<Integer> seen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seen.add(PusherClient.data(client.await("tick")).getInt("n"));
        }
        return seen;
    }

    private static long dropped(Server server) {
        return health(server).getJsonObject("delivery").getJsonNumber("dropped").longValue();
    }

    private static JsonObject health(Server server) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> Server.json(server.get("realtime/health").body()), h -> h != null);
    }
}
