package dev.realtime.web.drain;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Waits, within a drain step's budget, until a transport's clients have gone after it told them to,
 * so that the close frames and last responses are written before the container tears the
 * connections down. Blocks the calling (drain) thread only.
 */
public final class Departures {
    /** At most this long, whatever the budget: a client that does not answer is not waited for. */
    public static final Duration MOST = Duration.ofSeconds(2);

    private static final long POLL_MILLIS = 20;

    private Departures() {}

    /** {@code budget}, capped at {@link #MOST}. */
    public static Duration bound(Duration budget) {
        return budget.compareTo(MOST) < 0 ? budget : MOST;
    }

    /** Waits until {@code left} answers 0, for up to {@code budget} (capped at {@link #MOST}). */
    public static void await(IntSupplier left, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + bound(budget).toNanos();
        while (left.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
    }
}
