package dev.realtime.history;

/**
 * Where a message stands in its channel's history: {@code offset} grows by one per message of the
 * channel, {@code epoch} names one unbroken run of offsets and changes whenever the history was lost
 * (expired, evicted, the store emptied), so a position of another epoch can never be resumed from.
 * The same on every node of a cluster whose store is shared. Immutable.
 *
 * @param offset 1 for a channel's first message in an epoch, then one more per message
 * @param epoch 1 to {@value #EPOCH_LIMIT} characters of {@code A-Z a-z 0-9 _ -}
 */
public record HistoryPosition(long offset, String epoch) {
    /** Longest epoch accepted (from a broker, a store or a caller). */
    public static final int EPOCH_LIMIT = 32;
    /** Largest offset accepted: 2^53 − 1, exact in a JavaScript number. */
    public static final long OFFSET_LIMIT = (1L << 53) - 1;

    /** @throws IllegalArgumentException for an offset or epoch out of these bounds */
    public HistoryPosition {
        if (offset < 0 || offset > OFFSET_LIMIT) {
            throw new IllegalArgumentException("offset must be 0 to " + OFFSET_LIMIT);
        }
        if (!validEpoch(epoch)) {
            throw new IllegalArgumentException("epoch must be 1 to " + EPOCH_LIMIT + " characters of A-Z a-z 0-9 _ -");
        }
    }

    /** Whether {@code epoch} may be an epoch (null is not). */
    public static boolean validEpoch(String epoch) {
        if (epoch == null || epoch.isEmpty() || epoch.length() > EPOCH_LIMIT) {
            return false;
        }
        for (int i = 0; i < epoch.length(); i++) {
            char c = epoch.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
