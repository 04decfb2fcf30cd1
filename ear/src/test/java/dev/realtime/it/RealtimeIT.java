package dev.realtime.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests: Arquillian deploys {@link RealtimeDeployment#ear()} to the managed
 * WildFly and the tests reach it from outside, as clients, through {@link #server}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class RealtimeIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return RealtimeDeployment.ear();
    }

    @ArquillianResource
    URL base;

    Server server;

    @BeforeEach
    void server() {
        server = new Server(base);
    }

    /** A Pusher-protocol WebSocket client connected with the test app key. */
    PusherClient connect() throws Exception {
        return PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"));
    }
}
