package dev.realtime.consumer.standalone;

import dev.realtime.RealtimeManager;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * What the job's artifacts inject, outside the server: the manager built from the command line's
 * configuration (it owns the broker connection) and the client of this machine's node. Registered
 * explicitly by {@link StandaloneConsumer}; set before the CDI container starts.
 */
public class StandaloneBeans {
    static volatile RealtimeManager manager;
    static volatile NodeClient node;

    @Produces
    @Singleton
    RealtimeManager manager() {
        return manager;
    }

    @Produces
    @Singleton
    NodeClient node() {
        return node;
    }
}
