package dev.realtime.connection;

import dev.realtime.message.Message;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A message on its way to this node's connections, with its encodings cached per
 * {@link WireFormat}. One instance per message, shared by every recipient; thread-safe. Two
 * threads may race to encode the same format; one result wins and both are equal.
 */
public final class Delivery {
    private final Message message;
    private final AtomicReferenceArray<Object> encoded = new AtomicReferenceArray<>(WireFormat.MAX_FORMATS);

    public Delivery(Message message) {
        this.message = message;
    }

    public Message message() {
        return message;
    }

    /** The message in {@code format}, encoded on first use and shared afterwards. */
    @SuppressWarnings("unchecked")
    public <T> T encoded(WireFormat<T> format) {
        int slot = format.slot();
        Object value = encoded.get(slot);
        if (value == null) {
            encoded.compareAndSet(slot, null, format.encode(message));
            value = encoded.get(slot);
        }
        return (T) value;
    }
}
