package dev.realtime.history;

import dev.realtime.message.Message;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Recent messages delivered on this node, so that a client that lost its stream can resume
 * (SSE {@code Last-Event-ID}). Implementations must be thread-safe and must not block
 * {@link #append}, which runs on the broadcasting thread.
 */
public interface MessageHistory {

    /** Records a message that is being delivered on this node. */
    void append(Message message);

    /**
     * The messages recorded after the one with {@code lastId} that match {@code filter}, oldest
     * first; empty {@code Optional} when {@code lastId} is no longer (or never was) in the history,
     * so the caller knows that it cannot resume without a gap.
     */
    Optional<List<Message>> after(String lastId, Predicate<Message> filter);
}
