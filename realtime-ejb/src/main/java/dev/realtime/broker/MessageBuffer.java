package dev.realtime.broker;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Where a pub/sub consumer's receiving thread leaves messages until {@link BrokerConsumer#poll}
 * takes them in batches: bounded for received messages (a full buffer refuses, the consumer counts
 * the drop), while a rewound batch always goes back in front in its order, and a wake-up always
 * ends a waiting poll at once. Thread-safe.
 */
public final class MessageBuffer {
    /** Put in front by {@link #wakeup}; never returned. */
    private static final Message WAKEUP = new Message("wakeup", "wakeup", "wakeup", "null", 0, "", null);

    /** Unbounded itself, so a rewound batch and a wake-up always fit; {@link #offer} keeps the bound. */
    private final LinkedBlockingDeque<Message> messages = new LinkedBlockingDeque<>();

    private final int batchSize;
    private final int capacity;

    /** Room for ten batches, and at least 10,000 messages. */
    public MessageBuffer(int batchSize) {
        this.batchSize = batchSize;
        this.capacity = Math.max(10_000, batchSize * 10);
    }

    /**
     * Adds a received message; false when the buffer is full (the consumer job is not keeping up).
     * Called by the consumer's one receiving thread.
     */
    public boolean offer(Message message) {
        return messages.size() < capacity && messages.offerLast(message);
    }

    /**
     * Waits up to {@code timeout} for a message and returns it with what follows, at most a batch;
     * empty after the timeout or a {@link #wakeup}.
     */
    public MessageBatch poll(Duration timeout) {
        List<Message> batch = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            Message first = messages.pollFirst(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || first == WAKEUP) {
                return MessageBatch.EMPTY;
            }
            batch.add(first);
            while (batch.size() < batchSize) {
                Message next = messages.pollFirst();
                if (next == null) {
                    break;
                }
                if (next != WAKEUP) {
                    batch.add(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new MessageBatch(batch, BrokerPosition.NONE, BrokerPosition.NONE);
    }

    /** Puts {@code batch} back in front, so the next {@link #poll} returns it first, in order. */
    public void rewind(MessageBatch batch) {
        List<Message> rewound = batch.messages();
        for (int i = rewound.size() - 1; i >= 0; i--) {
            messages.offerFirst(rewound.get(i));
        }
    }

    /** Makes a waiting {@link #poll} return at once (empty). Any thread. */
    public void wakeup() {
        messages.offerFirst(WAKEUP);
    }
}
