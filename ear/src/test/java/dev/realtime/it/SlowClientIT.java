package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading is disconnected once its outbound queue passes its limit
 * (realtime.limits.outbound-queue, 1000 messages, or realtime.limits.outbound-bytes, 1 MiB: with
 * these 8 KB messages the bytes come first), while a client on the same channel that keeps reading
 * receives every message, in order.
 */
class SlowClientIT extends RealtimeIT {
    private static final int MAX_MESSAGES = 6000; // ~48 MB at most: TCP buffers, then the queue

    @Test
    void stalledClientIsCutOffAndTheOthersGetEverything() throws Exception {
        String path = "app/" + RealtimeDeployment.APP_KEY + "?protocol=7";
        try (PusherClient fast = PusherClient.connect(server.ws(path));
                PusherClient stalled = PusherClient.connect(server.ws(path))) {
            fast.await("pusher:connection_established");
            stalled.await("pusher:connection_established");
            fast.subscribe("slow-feed");
            stalled.subscribe("slow-feed");
            fast.await("pusher_internal:subscription_succeeded");
            stalled.await("pusher_internal:subscription_succeeded");
            stalled.pause();

            String filler = "x".repeat(8000);
            int sent = 0;
            while (sent < MAX_MESSAGES && server.subscribers("slow-feed") == 2) {
                for (int i = 0; i < 100; i++, sent++) {
                    server.publish("slow-feed", "tick", "{\"n\":" + sent + ",\"fill\":\"" + filler + "\"}");
                }
            }
            assertEquals(1, server.subscribers("slow-feed"), "the stalled client is still subscribed after " + sent);

            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                JsonObject data = PusherClient.data(fast.await("tick"));
                received.add(data.getInt("n"));
            }
            for (int i = 0; i < sent; i++) {
                assertEquals(i, received.get(i), "out of order or missing at " + i);
            }
            // each tick keeps about 16 KB while it waits (UTF-8 bytes and String): the 1 MiB byte budget
            // (realtime.limits.outbound-bytes) fills after some 64 of them, on top of what TCP holds
            assertTrue(sent > 64, "the limit cannot have been reached with " + sent + " messages");
        }
    }
}
