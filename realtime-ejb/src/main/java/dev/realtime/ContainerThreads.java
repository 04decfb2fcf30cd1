package dev.realtime;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ThreadFactory;

/**
 * Gives the module the container's default {@link ManagedThreadFactory}, so the broker's long-lived
 * threads (publisher, subscriber) are created and known by the server, with the application's
 * context, rather than as raw threads.
 */
@ApplicationScoped
public class ContainerThreads {

    @Resource
    ManagedThreadFactory managed;

    @Produces
    @RealtimeThreads
    ThreadFactory threads() {
        return managed;
    }
}
