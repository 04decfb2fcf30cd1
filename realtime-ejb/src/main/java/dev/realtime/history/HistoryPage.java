package dev.realtime.history;

import dev.realtime.message.Message;
import java.util.List;

/**
 * The answer to {@code RealtimeManager.history(channel, since, limit)}.
 *
 * @param messages at most {@code limit} messages after {@code since} (or the oldest kept), oldest
 *     first, each with its {@link Message#position()}
 * @param position the channel's current position (its newest message), or {@code null} when
 *     nothing is kept
 * @param complete whether no message between {@code since} and the first returned is missing:
 *     false when {@code since} is older than what is kept or of another epoch. A page shorter than
 *     the gap is still complete; read on from its last message's position
 */
public record HistoryPage(List<Message> messages, HistoryPosition position, boolean complete) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }

    /** The page of {@code slice} for a reader at {@code since}. */
    public static HistoryPage of(HistorySlice slice, HistoryPosition since) {
        return new HistoryPage(slice.messages(), slice.position(), slice.continues(since));
    }
}
