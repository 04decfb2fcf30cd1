package dev.realtime.message;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates message ids unique across nodes and restarts: a random 48-bit prefix chosen at
 * construction followed by a counter. Thread-safe and lock-free.
 */
public final class MessageIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public MessageIds() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + "-";
    }

    public String next() {
        return prefix + Long.toHexString(counter.incrementAndGet());
    }
}
