package dev.realtime.broker;

import java.time.Duration;

/**
 * The consume side of a broker: batches of every node's messages, committed only after they have
 * been handed on.
 *
 * <p>Threading: {@link #poll}, {@link #commit}, {@link #rewind} and {@link #close} are called by
 * one thread (the consumer job's); {@link #wakeup} may be called from any thread.
 *
 * <p>The loop a consumer runs ({@link BrokerRelay} runs it for the consumer job, the standalone
 * consumer and the tests): {@code poll} → hand the batch on → {@code commit} its end position; if
 * handing on fails, {@code rewind} and the next {@code poll} returns the same messages again.
 */
public interface BrokerConsumer extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for messages and returns at most the configured batch size;
     * empty when nothing arrived. Messages that cannot be decoded are skipped and counted as
     * failed.
     */
    MessageBatch poll(Duration timeout);

    /**
     * Everything polled up to {@code end} (a polled batch's {@link MessageBatch#end()}) has been
     * handed on: make that durable (Kafka commits the offsets, RabbitMQ and JetStream acknowledge).
     * Pub/Sub brokers have nothing to do. An unknown or already committed position is ignored.
     */
    void commit(BrokerPosition end);

    /** Handing the batch on failed: the next {@link #poll} starts again at its first message. */
    void rewind(MessageBatch batch);

    /**
     * Continues from {@code position} (a batch checkpoint, {@link MessageBatch#end()}) instead of
     * the broker's own record of this node's progress. Brokers without positions ignore it.
     */
    default void seek(BrokerPosition position) {
        // Pub/Sub brokers have no position to go back to
    }

    /** Whether the consumer is subscribed (Redis) or has its partitions assigned (Kafka). */
    boolean isConnected();

    /** Messages the consumer is behind the broker, or {@code -1} where that is not known. */
    long lag();

    /** Makes a {@link #poll} in progress return at once (empty). Any thread. */
    void wakeup();

    /** Leaves the subscription; uncommitted messages are delivered again to the next consumer. */
    @Override
    void close();
}
