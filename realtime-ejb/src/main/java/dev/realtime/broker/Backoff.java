package dev.realtime.broker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter between reconnect attempts; one per connection, not shared. */
public final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long next;

    public Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.next = minMillis;
    }

    /** The pause before the next attempt: doubles each time up to the maximum, ±20 % jitter. */
    public long nextMillis() {
        long base = next;
        next = Math.min(maxMillis, next * 2);
        long jitter = base / 5;
        return base - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
    }

    /** After a success: the next failure starts from the minimum again. */
    public void reset() {
        next = minMillis;
    }

    /** Sleeps {@link #nextMillis()}; false if interrupted (the interrupt flag is restored). */
    public boolean pause() {
        try {
            Thread.sleep(nextMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
