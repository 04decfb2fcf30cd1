package dev.realtime.broker;

import dev.realtime.config.HistorySettings;
import dev.realtime.history.HistoryStore;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.Optional;

/**
 * Carries messages from this node to every other node (server to server). Brokers never import a
 * transport, and transports never import a broker.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #publish} never blocks the caller and never throws because the broker is down: the
 *       message is handed to a bounded queue that a sender thread drains; a full queue drops the
 *       message and counts it ({@link BrokerStats#dropped()}), a failed send is retried with
 *       back-off while the broker reconnects by itself.
 *   <li>{@link #consumer} opens the consume side: batches, a position to checkpoint, a commit after
 *       processing. Only the consumer job calls it; the web tier never consumes.
 *   <li>Every message carries its origin node id, and a consumer sees every node's messages,
 *       this node's own included: the caller drops its own echoes.
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** The configuration name: {@code none}, {@code redis}, {@code kafka}, … */
    String name();

    /** Hands the message to the broker for the other nodes. Non-blocking. */
    void publish(Message message);

    /**
     * Whether the broker is reachable right now: the publishing connection works and, while a
     * consumer is open, it is subscribed (or assigned) too.
     */
    boolean isConnected();

    /**
     * Whether {@link #publish}, called in the calling thread's active JTA transaction, writes the
     * message as part of that transaction, so that the other nodes hear of it when it commits and
     * never when it rolls back (PostgreSQL's transactional publishing). {@code broadcast()} then
     * publishes at once and only its local delivery waits for the commit. For any other broker
     * (the default, {@code false}) {@code broadcast()} waits for the commit before doing either:
     * it calls {@link #publish} outside a transaction or after the commit, never for a rollback.
     */
    default boolean publishesInCallerTransaction() {
        return false;
    }

    /**
     * Opens the store that keeps channel history for this broker's cluster: one every node reads
     * (Redis), or this node's memory for the single-node broker. Empty for a broker that keeps no
     * history yet (the default): the node then refuses {@code realtime.history.channels} and keeps
     * cache channels' last message in its own memory. The node closes the store.
     */
    default Optional<HistoryStore> openHistory(HistorySettings settings) {
        return Optional.empty();
    }

    /** Counters and state for monitoring. */
    BrokerStats stats();

    /**
     * Opens the consume side. The consumer receives every node's messages on the channels the
     * options select, in batches.
     */
    BrokerConsumer consumer(ConsumerOptions options);

    /** Sends what is queued (briefly), then releases connections and threads; idempotent. */
    @Override
    void close();

    /**
     * {@link #close()}, sending what is queued for up to {@code drain} (a graceful drain's budget);
     * what is still queued then is counted as failed. Idempotent.
     */
    default void close(Duration drain) {
        close();
    }
}
