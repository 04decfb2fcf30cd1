package dev.realtime.connection;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The node-wide outbound rules every transport applies to its connections: how many messages
 * ({@code realtime.limits.outbound-queue}) and how many bytes ({@code realtime.limits.outbound-bytes})
 * may wait for one client, how many bytes may wait for all clients of the node together
 * ({@code realtime.limits.node-outbound-bytes}), what happens to a message that does not fit
 * ({@link OutboundPolicy}), and how many deliveries were dropped so far (for the health endpoint).
 * Thread-safe; counting a drop or reserving bytes never blocks.
 */
public final class OutboundLimits {
    private final int limit;
    private final OutboundPolicy policy;
    private final long clientBytes;
    private final long nodeBytes;
    private final AtomicLong nodeHeld = new AtomicLong();
    private final LongAdder dropped = new LongAdder();

    /** Limits in items only, with no byte budget (tests and benchmarks of the queue itself). */
    public OutboundLimits(int limit, OutboundPolicy policy) {
        this(limit, policy, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
    }

    /** The limits {@code realtime.limits.outbound-*} and {@code node-outbound-bytes} configure. */
    public static OutboundLimits from(dev.realtime.config.RealtimeSettings s) {
        return new OutboundLimits(s.outboundQueueLimit(), s.outboundPolicy(), s.outboundBytes(), s.nodeOutboundBytes());
    }

    public OutboundLimits(int limit, OutboundPolicy policy, long clientBytes, long nodeBytes) {
        this.limit = limit;
        this.policy = policy;
        this.clientBytes = clientBytes;
        this.nodeBytes = nodeBytes;
    }

    /**
     * A connection's queue under these rules. The transport must call {@link OutboundQueue#close()}
     * when the connection ends, so the bytes still waiting go back to the node.
     *
     * @param extra room in items on top of the limit (SSE: a whole replay from history)
     * @param weigher the bytes an item keeps in memory while it waits
     * @param close closes the connection; run once when the policy is {@link OutboundPolicy#CLOSE}
     */
    public <T> OutboundQueue<T> queue(
            int extra, ToLongFunction<T> weigher, OutboundQueue.Writer<T> writer, Runnable close) {
        Runnable overflow = policy == OutboundPolicy.DROP ? dropped::increment : close;
        return new OutboundQueue<>(limit + extra, policy, writer, overflow, weigher, budget());
    }

    /**
     * A byte budget for a transport's own buffer (Socket.IO and long-poll polling buffers): the
     * client's bytes, drawn from the node's total. Close it when the client goes.
     */
    public ByteBudget budget() {
        return new ByteBudget(clientBytes, nodeHeld, nodeBytes);
    }

    /** Messages that may wait for one connection. */
    public int limit() {
        return limit;
    }

    /** Bytes that may wait for one connection. */
    public long clientBytes() {
        return clientBytes;
    }

    /** Bytes that may wait for all connections of this node together. */
    public long nodeBytes() {
        return nodeBytes;
    }

    /** Bytes waiting for all connections of this node now. */
    public long nodeHeld() {
        return nodeHeld.get();
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * For a transport's own buffer (Socket.IO polling, long-poll) that has no room for a message:
     * under {@link OutboundPolicy#DROP} counts the drop and returns true; under {@code CLOSE} returns
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
