package dev.realtime.ops;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One call site's warning, logged at most once per interval: the first at once, then at most one
 * WARNING per interval, which says how many were left out since the previous one; those are logged
 * at FINE. Keep one instance per call site (a field), so that one noisy problem does not silence
 * another. Thread-safe and lock-free.
 */
public final class RateLimitedLog {
    /** The interval the module uses everywhere. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier clock;
    /** {@link System#nanoTime()} from which the next WARNING may be logged. */
    private final AtomicLong next;

    private final AtomicLong suppressed = new AtomicLong();

    /** A call site logging to {@code logger} at most every {@link #DEFAULT_INTERVAL}. */
    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL, System::nanoTime);
    }

    /** @param clock nanoseconds, like {@link System#nanoTime()} (a stand-in in tests) */
    public RateLimitedLog(Logger logger, Duration interval, LongSupplier clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.next = new AtomicLong(clock.getAsLong());
    }

    /** {@link #warn(Supplier, Throwable)} without a cause. */
    public boolean warn(Supplier<String> message) {
        return warn(message, null);
    }

    /**
     * Logs {@code message} at WARNING if the interval has passed since the last one (adding how many
     * were left out meanwhile), else at FINE and counts it.
     *
     * @param cause logged with the message, may be null
     * @return whether it was logged at WARNING
     */
    public boolean warn(Supplier<String> message, Throwable cause) {
        long now = clock.getAsLong();
        long due = next.get();
        if (now - due >= 0 && next.compareAndSet(due, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            String text = message.get()
                    + (skipped > 0
                            ? " (" + skipped + " more since the last warning; logged at FINE, at WARNING at most every "
                                    + Duration.ofNanos(intervalNanos).toSeconds() + " s)"
                            : "");
            logger.log(Level.WARNING, text, cause);
            return true;
        }
        suppressed.incrementAndGet();
        if (logger.isLoggable(Level.FINE)) {
            logger.log(Level.FINE, message.get(), cause);
        }
        return false;
    }

    /** Warnings left out since the last one logged. */
    public long suppressed() {
        return suppressed.get();
    }
}
