package dev.realtime.broker;

import dev.realtime.config.HistorySettings;
import dev.realtime.history.HistoryStore;
import dev.realtime.history.memory.InMemoryHistoryStore;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The single-node broker: publishing does nothing, it is always "connected", and its consumer
 * never receives anything (every message was delivered locally already).
 */
public final class NoneBroker implements Broker {
    public static final String NAME = "none";

    private final BrokerCounters counters = new BrokerCounters();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void publish(Message message) {
        // single node: local delivery already reached every client
    }

    /** This node's memory: with one node, node-local history is the cluster's. */
    @Override
    public Optional<HistoryStore> openHistory(HistorySettings settings) {
        return Optional.of(new InMemoryHistoryStore(settings.memoryBytes()));
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public BrokerStats stats() {
        return counters.snapshot(NAME, true, 0, -1);
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        return new IdleConsumer();
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** Waits out each poll and returns nothing. */
    private static final class IdleConsumer implements BrokerConsumer {
        private volatile CountDownLatch wake = new CountDownLatch(1);

        @Override
        public MessageBatch poll(Duration timeout) {
            try {
                wake.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wake = new CountDownLatch(1);
            return MessageBatch.EMPTY;
        }

        @Override
        public void commit(BrokerPosition end) {
            // nothing to commit
        }

        @Override
        public void rewind(MessageBatch batch) {
            // nothing was received
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public long lag() {
            return -1;
        }

        @Override
        public void wakeup() {
            wake.countDown();
        }

        @Override
        public void close() {
            wakeup();
        }
    }
}
