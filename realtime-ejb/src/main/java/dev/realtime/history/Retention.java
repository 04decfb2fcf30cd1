package dev.realtime.history;

import java.time.Duration;

/**
 * How much of one channel's history a store keeps: the newest {@code size} messages, for
 * {@code ttl} after the channel's last message (then the whole history goes, and the next message
 * starts a new epoch).
 */
public record Retention(int size, Duration ttl) {
    public Retention {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
    }

    /** The larger of both in each dimension (a cache channel that is also a history channel). */
    public Retention max(Retention other) {
        return new Retention(Math.max(size, other.size), ttl.compareTo(other.ttl) >= 0 ? ttl : other.ttl);
    }
}
