package dev.realtime.connection;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates Pusher socket ids: two integers joined by a dot. The first is random per node (so ids
 * from different nodes differ), the second a counter: unique on a node, lock-free.
 */
public final class SocketIds {
    private final long node = ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L);
    private final AtomicLong counter =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000L));

    public String next() {
        return node + "." + counter.incrementAndGet();
    }
}
