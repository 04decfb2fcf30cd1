package dev.realtime.broker;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node's consumer is doing, for the health view: whether one runs, since when, how much
 * it has delivered and how far behind it is. The consumer job reports here; anything may read it.
 * Thread-safe.
 */
public final class ConsumerActivity {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong polled = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile Instant since;
    private volatile Instant lastPoll;
    private volatile String channels = "";
    private volatile long lag = -1;

    /**
     * A snapshot.
     *
     * @param running consumers running on this node (normally 0 or 1)
     * @param since when the last one started, or {@code null}
     * @param lastPoll when it last polled the broker, or {@code null}
     * @param channels the channel globs it delivers (empty: all)
     * @param polled messages received from the broker by this node's consumers
     * @param delivered messages handed to this node's clients ({@code broadcastLocal})
     * @param lag messages behind the broker, {@code -1} when unknown
     */
    public record Snapshot(
            int running, Instant since, Instant lastPoll, String channels, long polled, long delivered, long lag) {}

    public void started(String channelGlobs) {
        running.incrementAndGet();
        since = Instant.now();
        channels = channelGlobs;
    }

    public void polled(int messages, long currentLag) {
        polled.addAndGet(messages);
        lag = currentLag;
        lastPoll = Instant.now();
    }

    public void delivered(int messages) {
        delivered.addAndGet(messages);
    }

    public void stopped() {
        running.updateAndGet(n -> Math.max(0, n - 1));
        lag = -1;
    }

    public Snapshot snapshot() {
        return new Snapshot(running.get(), since, lastPoll, channels, polled.get(), delivered.get(), lag);
    }
}
