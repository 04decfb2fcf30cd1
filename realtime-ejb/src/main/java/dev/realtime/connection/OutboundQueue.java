package dev.realtime.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * A bounded, lock-free outbound queue for one connection that keeps at most one asynchronous
 * write in flight (WebSocket and SSE APIs forbid overlapping async writes). {@link #offer} never
 * blocks: when the queue is idle the item is written at once without being queued; when more than
 * {@code limit} items wait, or the waiting items' bytes would pass the connection's {@link ByteBudget}
 * (which also draws on the node's total), the item is refused and the {@link OutboundPolicy} decides what follows:
 * under {@code CLOSE} the overflow handler runs once (the transport closes the connection) and
 * every later item is refused; under {@code DROP} the handler runs for each refused item (it counts
 * the drop) and later items flow again as soon as the writer catches up. Either way a slow client
 * costs only its own queue, and refusing never blocks or locks. {@link #close()} ends the queue: later
 * items are refused without the overflow handler, and the bytes still waiting go back to the node.
 *
 * <p>The writer must call {@link #written()} exactly once when each write completes, successfully
 * or not (on failure the transport disconnects). The completion may arrive on any thread,
 * including inside {@link Writer#write} itself; the state machine below turns that into a loop
 * instead of recursion.
 *
 * @param <T> the encoded item
 */
public final class OutboundQueue<T> {

    /** Starts one asynchronous write and calls {@link OutboundQueue#written()} when it completes. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T item);
    }

    private static final int IDLE = 0;
    private static final int WRITING = 1; // the draining thread is inside write()
    private static final int PENDING = 2; // write() returned, completion not yet arrived
    private static final int COMPLETED = 3; // completion arrived while the drainer was inside write()

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final int limit;
    private final OutboundPolicy policy;
    private final Writer<T> writer;
    private final Runnable onOverflow;
    private final ToLongFunction<T> weigher;
    private final ByteBudget budget;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile boolean closed;

    /** A queue with the {@link OutboundPolicy#CLOSE} policy. */
    public OutboundQueue(int limit, Writer<T> writer, Runnable onOverflow) {
        this(limit, OutboundPolicy.CLOSE, writer, onOverflow);
    }

    /**
     * @param onOverflow {@code CLOSE}: run once, for the first item that does not fit; {@code DROP}:
     *     run for every item that does not fit (and is dropped); must not block
     */
    public OutboundQueue(int limit, OutboundPolicy policy, Writer<T> writer, Runnable onOverflow) {
        this(limit, policy, writer, onOverflow, item -> 0, null);
    }

    /**
     * A queue bounded in items and in bytes.
     *
     * @param weigher the bytes an item keeps in memory while it waits; must give the same answer
     *     every time for the same item
     * @param budget the connection's bytes (and the node's), or {@code null} for items only
     */
    public OutboundQueue(
            int limit,
            OutboundPolicy policy,
            Writer<T> writer,
            Runnable onOverflow,
            ToLongFunction<T> weigher,
            ByteBudget budget) {
        this.limit = limit;
        this.policy = policy;
        this.writer = writer;
        this.onOverflow = onOverflow;
        this.weigher = weigher;
        this.budget = budget;
    }

    /**
     * Queues or writes {@code item}; false when it did not fit (dropped, or the queue overflowed
     * under {@code CLOSE} now or before).
     */
    public boolean offer(T item) {
        if (closed || overflowed.get()) {
            return false;
        }
        if (queued.get() == 0 && state.compareAndSet(IDLE, WRITING)) {
            if (queue.isEmpty()) {
                writeAndDrain(item);
                return true;
            }
            state.set(IDLE);
        }
        if (!enqueue(item)) {
            return false;
        }
        flush();
        return true;
    }

    /**
     * Queues {@code item} without starting a write, under the same limit as {@link #offer}; a later
     * {@link #flush} (or offer) writes it. Lets a caller queue a batch while holding its own lock
     * and write after releasing it.
     */
    public boolean enqueue(T item) {
        if (closed || overflowed.get()) {
            return false;
        }
        if (queued.incrementAndGet() > limit || !reserve(item)) {
            queued.decrementAndGet();
            if (policy == OutboundPolicy.DROP) {
                onOverflow.run(); // this item only: the queue stays usable
            } else if (overflowed.compareAndSet(false, true)) {
                onOverflow.run(); // once, even when several offers overflow concurrently
            }
            return false;
        }
        queue.add(item);
        return true;
    }

    /**
     * Ends the queue when its connection closes: every later item is refused (without the overflow
     * handler), what still waits is discarded and its bytes go back to the node. Idempotent.
     */
    public void close() {
        closed = true;
        if (budget != null) {
            budget.close();
        }
        queue.clear();
    }

    /** Bytes waiting in this queue now (0 for a queue bounded in items only, or once closed). */
    public long bytes() {
        return budget == null ? 0 : budget.held();
    }

    private boolean reserve(T item) {
        return budget == null || budget.tryReserve(weigher.applyAsLong(item));
    }

    private void release(T item) {
        if (budget != null) {
            budget.release(weigher.applyAsLong(item));
        }
    }

    /** Starts writing what is queued unless a write is already in flight. */
    public void flush() {
        if (state.compareAndSet(IDLE, WRITING)) {
            drain();
        }
    }

    /** Items waiting behind the write in flight. */
    public int size() {
        return queued.get();
    }

    /** Signals that the write in flight has completed; continues with the next item. */
    public void written() {
        if (state.compareAndSet(WRITING, COMPLETED)) {
            return; // the drainer is still inside write(): it will loop
        }
        if (state.compareAndSet(PENDING, WRITING)) {
            drain();
        }
    }

    private void writeAndDrain(T first) {
        if (startWrite(first)) {
            drain();
        }
    }

    /** Runs with state WRITING; returns with the state released or handed to the completion. */
    private void drain() {
        for (; ; ) {
            T next = queue.poll();
            if (next == null) {
                state.set(IDLE);
                if (queue.isEmpty() || !state.compareAndSet(IDLE, WRITING)) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            release(next);
            if (!startWrite(next)) {
                return;
            }
        }
    }

    /** Writes one item; true when its completion already arrived and the caller should go on. */
    private boolean startWrite(T item) {
        try {
            writer.write(item);
        } catch (RuntimeException e) {
            state.set(IDLE);
            throw e;
        }
        if (state.compareAndSet(WRITING, PENDING)) {
            return false;
        }
        state.set(WRITING); // COMPLETED: the write finished inline
        return true;
    }
}
