package dev.realtime.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Where a consumer's receiving thread leaves what it received until {@link BrokerConsumer#poll}
 * takes it in batches: bounded for received items (a full buffer refuses, the consumer counts the
 * drop), while a rewound batch always goes back in front in its order, and a wake-up always ends a
 * waiting poll at once. Thread-safe: one thread offers, one polls and puts back, any thread wakes.
 *
 * @param <T> what the consumer keeps of a received message (the message itself, or the message
 *     with what acknowledges it)
 */
public final class BatchBuffer<T> {
    /** Put in front by {@link #wakeup}; never returned. */
    private static final Object WAKEUP = new Object();

    /** Unbounded itself, so a rewound batch and a wake-up always fit; {@link #offer} keeps the bound. */
    private final LinkedBlockingDeque<Object> items = new LinkedBlockingDeque<>();
    /** A wake-up is in the deque: a second one would only end a later poll for nothing. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    private final int batchSize;
    private final int capacity;

    /**
     * @param batchSize most items one {@link #poll} returns
     * @param capacity most items {@link #offer} accepts; {@link Integer#MAX_VALUE} where the broker
     *     bounds what it sends (a prefetch)
     */
    public BatchBuffer(int batchSize, int capacity) {
        this.batchSize = batchSize;
        this.capacity = capacity;
    }

    /** Room for ten batches, and at least 10,000 items. */
    public static <T> BatchBuffer<T> forBatches(int batchSize) {
        return new BatchBuffer<>(batchSize, Math.max(10_000, batchSize * 10));
    }

    /** Adds a received item; false when the buffer is full (the consumer job is not keeping up). */
    public boolean offer(T item) {
        return items.size() < capacity && items.offerLast(item);
    }

    /** {@link #poll(Duration, Predicate)} keeping every item. */
    public List<T> poll(Duration timeout) {
        return poll(timeout, item -> true);
    }

    /**
     * Waits up to {@code timeout} for an item and returns it with what follows, at most a batch;
     * empty after the timeout or a {@link #wakeup}. Items that are not {@code usable} are taken out
     * and left out.
     */
    @SuppressWarnings("unchecked")
    public List<T> poll(Duration timeout, Predicate<? super T> usable) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> taken = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            while (taken.isEmpty()) {
                long left = deadline - System.nanoTime();
                Object first = left > 0 ? items.pollFirst(left, TimeUnit.NANOSECONDS) : items.pollFirst();
                if (first == null) {
                    return taken;
                }
                if (first == WAKEUP) {
                    wakeupPending.set(false);
                    return taken;
                }
                if (usable.test((T) first)) {
                    taken.add((T) first);
                }
            }
            while (taken.size() < batchSize) {
                Object next = items.pollFirst();
                if (next == null) {
                    break;
                }
                if (next == WAKEUP) {
                    wakeupPending.set(false); // returning now anyway
                } else if (usable.test((T) next)) {
                    taken.add((T) next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    /** Puts {@code batch} back in front, so the next {@link #poll} returns it first, in order. */
    public void putBack(List<? extends T> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            items.offerFirst(batch.get(i));
        }
    }

    /** Makes a waiting {@link #poll} return at once (empty), or the next one if none waits. Any thread. */
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            items.offerFirst(WAKEUP);
        }
    }

    /** Items waiting to be polled. */
    public int size() {
        int size = items.size();
        return wakeupPending.get() ? Math.max(0, size - 1) : size;
    }

    /** Drops every item waiting (a consumer that gave them back to the broker). */
    public void clear() {
        items.clear();
        wakeupPending.set(false);
    }
}
