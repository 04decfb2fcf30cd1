package dev.realtime.web.drain;

import dev.realtime.node.RealtimeNode;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Begins this node's drain at the earliest moment the server tells: on WildFly when the server
 * suspends ({@link WildFlySuspend}, before Undertow closes the WebSockets itself), with the grace
 * period; and finishes it when the WAR stops (undeploy, shutdown; on a server that did not suspend,
 * the whole drain runs then, without a grace period, since the WAR takes no more requests), while
 * the batch runtime and the other modules are still there. {@link RealtimeNode}'s own stop would
 * finish it otherwise.
 */
@WebListener
public class DrainListener implements ServletContextListener {

    @Inject
    RealtimeNode node;

    private WildFlySuspend suspend;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        suspend = WildFlySuspend.register(node.drain());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (suspend != null) {
            suspend.unregister();
        }
        node.drain().finish(); // no grace: the server takes no more requests for this WAR by now
    }
}
