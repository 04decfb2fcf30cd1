package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inactivity handling with the default settings (activity timeout 30 s, pong timeout 30 s, SSE
 * keep-alive 15 s), all in one idle window so the suite pays for it once: a WebSocket client that
 * answers the server's pings stays connected past WildFly's 90 s HTTP read-timeout, one that does
 * not is closed with 4201, and an idle SSE stream gets keep-alive comments and stays open. Both
 * survivors still receive events afterwards.
 */
class IdleConnectionIT extends RealtimeIT {

    @Test
    void pingsKeepLiveClientsAndCloseDeadOnes() throws Exception {
        String path = "app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js";
        try (PusherClient live = PusherClient.connect(server.ws(path));
                PusherClient dead = PusherClient.connect(server.ws(path), false);
                SseClient sse =
                        SseClient.open(server.http, server.base.resolve("realtime/sse?channels=idle-news"), Map.of())) {
            live.await("pusher:connection_established");
            dead.await("pusher:connection_established");
            live.subscribe("idle-news");
            dead.subscribe("idle-news");
            live.await("pusher_internal:subscription_succeeded");
            dead.await("pusher_internal:subscription_succeeded");
            sse.await("realtime:connected");

            // three pings are at least 3 x 30 s of silence apart (the pongs reset the clock): > 90 s
            await().atMost(Duration.ofSeconds(200))
                    .until(() -> live.pings() >= 3 || live.closed().isDone());

            assertFalse(live.closed().isDone(), "the live client was closed while idle: " + live.received());
            assertTrue(dead.pings() >= 1, "the dead client was never pinged");
            assertEquals(4201, dead.closed().get(60, TimeUnit.SECONDS));
            assertTrue(sse.comments().contains("keep-alive"), "no keep-alive comment: " + sse.comments());
            assertEquals(1 + 1, server.subscribers("idle-news"), "the live WebSocket and the SSE stream");

            server.publish("idle-news", "still.here", "true");
            live.await("still.here");
            sse.await("still.here");
        }
    }
}
