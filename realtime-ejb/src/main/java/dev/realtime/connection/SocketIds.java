package dev.realtime.connection;

import java.security.SecureRandom;

/**
 * Generates Pusher socket ids: two integers joined by a dot, as pusher-js and the Pusher server SDKs
 * expect. Both integers are drawn from a {@link SecureRandom} for every connection, so an id tells
 * nothing about the ids given before or after it: a client cannot collect channel-auth signatures for
 * the ids of future connections. Each integer has 16 digits, in [10^15, 9·10^15): below 2^53, so a
 * JavaScript number holds it exactly, and about 52.8 random bits, 105 for the id. Uniqueness is
 * statistical, not checked: among a billion ids the chance that any two are equal is below 10^-14
 * (n² / 2N with N = 6.4·10^31 possible ids). Thread-safe.
 */
public final class SocketIds {
    private static final long LOWEST = 1_000_000_000_000_000L; // 10^15: always 16 digits
    private static final long SPAN = 8 * LOWEST; // up to 9·10^15 - 1 < 2^53

    private final SecureRandom random;

    public SocketIds() {
        this(new SecureRandom());
    }

    SocketIds(SecureRandom random) {
        this.random = random;
    }

    /** A fresh random id, {@code <16 digits>.<16 digits>}. */
    public String next() {
        return (LOWEST + random.nextLong(SPAN)) + "." + (LOWEST + random.nextLong(SPAN));
    }
}
