package dev.realtime.connection;

import dev.realtime.message.Message;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test {@link WireFormat} that counts its encode calls per message id. Each instance takes one
 * of the JVM-wide format slots, so tests share these constants instead of creating their own.
 */
public final class CountingFormat extends WireFormat<String> {
    public static final CountingFormat FRAME = new CountingFormat("frame");
    public static final CountingFormat SSE = new CountingFormat("sse");

    private final String name;
    private final ConcurrentHashMap<String, AtomicInteger> encodes = new ConcurrentHashMap<>();

    private CountingFormat(String name) {
        this.name = name;
    }

    @Override
    public String encode(Message message) {
        encodes.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
        Thread.yield(); // widen the window for concurrent callers
        // a new String each time, so that tests can tell encodings apart by identity
        return new String(name + ":" + message.event() + ":" + message.data());
    }

    /** How many times a message with this id has been encoded in this format. */
    public int encodes(String messageId) {
        AtomicInteger count = encodes.get(messageId);
        return count == null ? 0 : count.get();
    }
}
