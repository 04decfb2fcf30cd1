package dev.realtime.history;

import dev.realtime.message.Message;
import java.util.Optional;

/**
 * Keeps channels' recent messages with their {@link HistoryPosition positions}. A store is either
 * shared by every node of the cluster (a position means the same everywhere; the broadcasting node
 * appends and the others receive the position with the message) or node-local (each node appends
 * what it delivers).
 *
 * <p>Threading: thread-safe. {@link #append} runs on the broadcasting thread and may block for one
 * round trip to a networked store (bounded by its timeout); a store that is unreachable throws
 * {@link HistoryUnavailableException} rather than waiting longer.
 */
public interface HistoryStore extends AutoCloseable {
    /** Most messages one read returns. */
    int READ_LIMIT = 1000;

    /** {@code memory}, {@code redis}, … (for logs and the health endpoint). */
    String name();

    /** Whether every node reads the same history (positions agree across the cluster). */
    boolean shared();

    /**
     * Appends {@code message} (its position, if any, is ignored) to its channel, trims the channel
     * to {@code retention} and returns the message's new position. A channel with nothing kept
     * starts a new epoch at offset 1.
     *
     * @throws HistoryUnavailableException when the store cannot be reached
     */
    HistoryPosition append(Message message, Retention retention);

    /**
     * Up to {@code limit} messages of the channel after {@code since} when it is of the current
     * epoch, else from the oldest kept; with the channel's epoch and kept offsets.
     *
     * @throws HistoryUnavailableException when the store cannot be reached
     */
    HistorySlice read(String channel, HistoryPosition since, int limit);

    /**
     * The channel's newest message, with its position, if one is kept.
     *
     * @throws HistoryUnavailableException when the store cannot be reached
     */
    Optional<Message> last(String channel);

    /** Releases connections; idempotent. */
    @Override
    void close();
}
