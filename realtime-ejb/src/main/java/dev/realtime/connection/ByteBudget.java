package dev.realtime.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one client may keep waiting in memory, drawn from the node's total as well: a
 * reservation succeeds only when it fits both the client's limit ({@code realtime.limits.outbound-bytes})
 * and the node's ({@code realtime.limits.node-outbound-bytes}). Whatever the client still holds
 * goes back to the node exactly once, on {@link #close()}; after that every reservation is refused
 * and releases are ignored, so a release racing the close can never credit the node twice.
 *
 * <p>Thread-safe and lock-free; no method blocks.
 */
public final class ByteBudget implements AutoCloseable {
    private static final long CLOSED = -1;

    private final long limit;
    private final AtomicLong node;
    private final long nodeLimit;
    private final AtomicLong held = new AtomicLong();

    ByteBudget(long limit, AtomicLong node, long nodeLimit) {
        this.limit = limit;
        this.node = node;
        this.nodeLimit = nodeLimit;
    }

    /** Reserves {@code bytes}; false (nothing reserved) when the client or the node has no room, or after close. */
    public boolean tryReserve(long bytes) {
        for (; ; ) {
            long h = held.get();
            if (h == CLOSED || h + bytes > limit) {
                return false;
            }
            if (node.addAndGet(bytes) > nodeLimit) {
                node.addAndGet(-bytes);
                return false;
            }
            if (held.compareAndSet(h, h + bytes)) {
                return true;
            }
            node.addAndGet(-bytes); // lost a race with another reservation, a release or the close
        }
    }

    /** Gives back {@code bytes} reserved before; ignored after close. */
    public void release(long bytes) {
        for (; ; ) {
            long h = held.get();
            if (h == CLOSED) {
                return;
            }
            if (held.compareAndSet(h, h - bytes)) {
                node.addAndGet(-bytes);
                return;
            }
        }
    }

    /** Bytes reserved now (0 once closed). */
    public long held() {
        return Math.max(0, held.get());
    }

    /** Returns everything held to the node and refuses every later reservation. Idempotent. */
    @Override
    public void close() {
        long h = held.getAndSet(CLOSED);
        if (h > 0) {
            node.addAndGet(-h);
        }
    }
}
