package dev.realtime.connection;

import dev.realtime.message.Message;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One way of putting a message on the wire (a Pusher frame, an SSE event, …). A
 * {@link Delivery} caches the result per format, so every message is encoded once per format no
 * matter how many connections receive it. Create each format once (a constant): each instance
 * takes one of {@value #MAX_FORMATS} cache slots.
 *
 * @param <T> the encoded form, shared read-only by all recipients
 */
public abstract class WireFormat<T> {
    static final int MAX_FORMATS = 16;
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final int slot;

    protected WireFormat() {
        this.slot = SLOTS.getAndIncrement();
        if (slot >= MAX_FORMATS) {
            throw new IllegalStateException("More than " + MAX_FORMATS + " wire formats: create each one once");
        }
    }

    final int slot() {
        return slot;
    }

    /** Encodes the message; called at most a few times per message, from any thread. */
    public abstract T encode(Message message);
}
