package dev.realtime.broker;

import dev.realtime.message.Message;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes to a broker on behalf of {@code broadcast()} callers, which must never see a broker
 * failure: a broker that throws (against its contract) is counted and logged, and local delivery
 * (done before, or waiting for the caller's commit) is not affected. Thread-safe.
 */
public final class GuardedPublisher {
    private static final Logger LOG = Logger.getLogger(GuardedPublisher.class.getName());

    private final Broker broker;
    private final LongAdder failures = new LongAdder();

    public GuardedPublisher(Broker broker) {
        this.broker = broker;
    }

    public void publish(Message message) {
        try {
            broker.publish(message);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(Level.WARNING, "Broker " + broker.name() + " refused message " + message.id(), e);
        }
    }

    public long failureCount() {
        return failures.sum();
    }
}
