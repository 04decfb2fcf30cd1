package dev.realtime.consumer.standalone;

import dev.realtime.node.RealtimeNode;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * What the job's artifacts inject, outside the server: the manager built from the command line's
 * configuration (it owns the broker connection) and the client of this machine's node. Registered
 * explicitly by {@link StandaloneConsumer}; set before the CDI container starts.
 */
public class StandaloneBeans {
    static volatile RealtimeNode manager;
    static volatile NodeClient node;

    @Produces
    @Singleton
    RealtimeNode manager() {
        return manager;
    }

    @Produces
    @Singleton
    NodeClient node() {
        return node;
    }
}
