package dev.realtime.connection;

import java.util.concurrent.atomic.LongAdder;

/**
 * The node-wide outbound rules every transport applies to its connections: how many messages may
 * wait for one client ({@code realtime.limits.outbound-queue}), what happens to one that does not
 * fit ({@link OutboundPolicy}), and how many deliveries were dropped so far (for the health
 * endpoint). Thread-safe; counting a drop never blocks.
 */
public final class OutboundLimits {
    private final int limit;
    private final OutboundPolicy policy;
    private final LongAdder dropped = new LongAdder();

    public OutboundLimits(int limit, OutboundPolicy policy) {
        this.limit = limit;
        this.policy = policy;
    }

    /**
     * A connection's queue under these rules.
     *
     * @param extra room on top of the limit (SSE: a whole replay from history)
     * @param close closes the connection; run once when the policy is {@link OutboundPolicy#CLOSE}
     */
    public <T> OutboundQueue<T> queue(int extra, OutboundQueue.Writer<T> writer, Runnable close) {
        Runnable overflow = policy == OutboundPolicy.DROP ? dropped::increment : close;
        return new OutboundQueue<>(limit + extra, policy, writer, overflow);
    }

    /** Messages that may wait for one connection. */
    public int limit() {
        return limit;
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * For a transport's own buffer (Socket.IO polling) that has no room for a message: under
     * {@link OutboundPolicy#DROP} counts the drop and returns true; under {@code CLOSE} returns
     * false and the caller closes the connection.
     */
    public boolean drop() {
        if (policy != OutboundPolicy.DROP) {
            return false;
        }
        dropped.increment();
        return true;
    }

    /** Deliveries dropped on this node so far (one per message and connection). */
    public long droppedCount() {
        return dropped.sum();
    }
}
