package dev.realtime.consumer.standalone;

import dev.realtime.node.ConsumerSide;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * What the job's artifacts inject, outside the server: the consume side built from the command
 * line's configuration (its consume-only broker opens no publishing connection) and the client of
 * this machine's node. Registered explicitly by {@link StandaloneConsumer}; set before the CDI
 * container starts.
 */
public class StandaloneBeans {
    static volatile ConsumerSide consumerSide;
    static volatile NodeClient node;

    @Produces
    @Singleton
    ConsumerSide consumerSide() {
        return consumerSide;
    }

    @Produces
    @Singleton
    NodeClient node() {
        return node;
    }
}
