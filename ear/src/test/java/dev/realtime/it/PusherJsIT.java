package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The unmodified pusher-js (npm) in Node against the deployed EAR. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PusherJsIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return RealtimeDeployment.ear();
    }

    @ArquillianResource
    URL base;

    @Test
    void pusherJsSubscribesToPublicChannelAndReceivesEvent() throws Exception {
        Server server = new Server(base);
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
