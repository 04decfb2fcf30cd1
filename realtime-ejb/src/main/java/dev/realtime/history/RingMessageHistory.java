package dev.realtime.history;

import dev.realtime.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * A fixed-size, lock-free ring of the most recent messages on this node. {@link #append} is one
 * atomic increment and one array store; readers scan the ring and skip slots that a concurrent
 * writer has already reused. A capacity of 0 keeps nothing.
 */
public final class RingMessageHistory implements MessageHistory {

    private record Entry(long sequence, Message message) {}

    private final int capacity;
    private final AtomicReferenceArray<Entry> ring;
    private final AtomicLong next = new AtomicLong();

    public RingMessageHistory(int capacity) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(Math.max(capacity, 1));
    }

    @Override
    public void append(Message message) {
        if (capacity == 0) {
            return;
        }
        long sequence = next.getAndIncrement();
        ring.set((int) (sequence % capacity), new Entry(sequence, message));
    }

    @Override
    public Optional<List<Message>> after(String lastId, Predicate<Message> filter) {
        if (capacity == 0) {
            return Optional.empty();
        }
        long end = next.get();
        long start = Math.max(0, end - capacity);
        long found = -1;
        for (long s = end - 1; s >= start; s--) {
            Entry e = ring.get((int) (s % capacity));
            if (e != null && e.sequence() == s && e.message().id().equals(lastId)) {
                found = s;
                break;
            }
        }
        if (found < 0) {
            return Optional.empty();
        }
        List<Message> result = new ArrayList<>();
        for (long s = found + 1; s < end; s++) {
            Entry e = ring.get((int) (s % capacity));
            if (e == null || e.sequence() != s) {
                return Optional.empty(); // overwritten while reading: the gap cannot be closed
            }
            if (filter.test(e.message())) {
                result.add(e.message());
            }
        }
        return Optional.of(result);
    }
}
