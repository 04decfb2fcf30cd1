package dev.realtime.web.drain;

import dev.realtime.node.RealtimeNode;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Begins this node's drain at the earliest moment the server tells: on WildFly when the server
 * suspends ({@link WildFlySuspend}, before Undertow closes the WebSockets itself), on every server
 * when the WAR stops (undeploy, shutdown). {@link RealtimeNode}'s own stop finishes it.
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
        node.drain().begin();
    }
}
