package dev.realtime.transport.socketio;

import java.time.Duration;

/**
 * Engine.IO v4's server-side heartbeat for one session: a ping {@code pingInterval} after the last
 * pong (or the open), and a timeout when the pong is {@code pingTimeout} late. Times are
 * {@link System#nanoTime()} values passed in, so the clock is the caller's. Thread-safe.
 */
final class Heartbeat {
    enum Due {
        NOTHING,
        PING,
        TIMED_OUT
    }

    private final long intervalNanos;
    private final long timeoutNanos;
    private long lastPong;
    private long pingSent;

    Heartbeat(Duration interval, Duration timeout, long now) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.lastPong = now;
    }

    /** The client answered: the next ping is due an interval from now. */
    synchronized void pong(long now) {
        pingSent = 0;
        lastPong = now;
    }

    /** What is due at {@code now}; a {@link Due#PING} is recorded as sent. */
    synchronized Due check(long now) {
        if (pingSent != 0) {
            return now - pingSent > timeoutNanos ? Due.TIMED_OUT : Due.NOTHING;
        }
        if (now - lastPong >= intervalNanos) {
            pingSent = now;
            return Due.PING;
        }
        return Due.NOTHING;
    }
}
