package dev.realtime.history;

import dev.realtime.message.Message;
import java.util.List;

/**
 * What a store holds of one channel, as one consistent read: the current epoch, the offsets of the
 * oldest and newest message kept, and some of the messages (each with its position). A channel with
 * nothing kept has a {@code null} epoch and offsets 0.
 *
 * @param epoch the current epoch, or {@code null} when nothing is kept
 * @param oldest offset of the oldest message kept (0 when none)
 * @param newest offset of the newest message kept, the channel's current position (0 when none)
 * @param messages the messages read, oldest first, consecutive
 */
public record HistorySlice(String epoch, long oldest, long newest, List<Message> messages) {
    public static final HistorySlice EMPTY = new HistorySlice(null, 0, 0, List.of());

    public HistorySlice {
        messages = List.copyOf(messages);
    }

    /** The current position, or {@code null} when nothing is kept. */
    public HistoryPosition position() {
        return epoch == null ? null : new HistoryPosition(newest, epoch);
    }

    /**
     * The offset a read after {@code since} starts at: right after it when it is of the current
     * epoch, else the oldest message kept.
     */
    public static long firstWanted(HistoryPosition since, String currentEpoch, long oldest) {
        if (since == null || !since.epoch().equals(currentEpoch)) {
            return oldest;
        }
        return Math.max(oldest, since.offset() + 1);
    }

    /**
     * Whether a reader at {@code since} misses nothing by continuing with this slice: true for
     * {@code null} (it asked for what is kept), otherwise only when the epoch is the same and
     * nothing between {@code since} and the oldest message kept is gone.
     */
    public boolean continues(HistoryPosition since) {
        if (since == null) {
            return true;
        }
        if (epoch == null || !epoch.equals(since.epoch())) {
            return false;
        }
        return since.offset() <= newest && since.offset() + 1 >= oldest;
    }
}
