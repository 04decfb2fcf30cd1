package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An idle client that only answers the server's pings stays connected past WildFly's 90 s HTTP
 * read-timeout, with the default activity timeout (30 s), and still receives events afterwards.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IdleConnectionIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return RealtimeDeployment.ear();
    }

    @ArquillianResource
    URL base;

    @Test
    void idleClientSurvivesTheReadTimeoutThroughServerPings() throws Exception {
        Server server = new Server(base);
        try (PusherClient client =
                PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"))) {
            client.await("pusher:connection_established");
            client.subscribe("idle-news");
            client.await("pusher_internal:subscription_succeeded");

            // three server pings are at least 3 x 30 s of client silence apart from the pongs: > 90 s
            await().atMost(Duration.ofSeconds(200))
                    .until(() -> client.pings() >= 3 || client.closed().isDone());
            assertFalse(client.closed().isDone(), "closed while idle: " + client.received());

            server.publish("idle-news", "still.here", "true");
            client.await("still.here");
        }
    }
}
