package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The unmodified pusher-js (npm) in Node against the deployed EAR. */
class PusherJsIT extends RealtimeIT {

    @Test
    void pusherJsSubscribesToPublicChannelAndReceivesEvent() throws Exception {
        try (NodeClients.Script pusher = new NodeClients.Script(
                "pusher-public.mjs",
                server.base.getHost(),
                String.valueOf(server.base.getPort()),
                RealtimeDeployment.APP_KEY,
                "js-news",
                "order.shipped")) {
            String socketId = pusher.await("CONNECTED");
            assertTrue(socketId.matches("\\d+\\.\\d+"), socketId);
            pusher.await("SUBSCRIBED");

            server.publish("js-news", "order.shipped", "{\"order\":42,\"items\":[\"a\",\"b\"]}");

            String data = pusher.await("EVENT");
            assertEquals(Server.json("{\"order\":42,\"items\":[\"a\",\"b\"]}"), Server.json(data));
            assertEquals(0, pusher.exitCode());
        }
    }
}
