package dev.realtime.bench.server;

import dev.realtime.RealtimeManager;
import dev.realtime.message.Json;
import dev.realtime.message.RawJson;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The fan-out benchmark's publisher inside the server: broadcasts {@code rate} messages a second
 * for {@code seconds} through {@link RealtimeManager#broadcast} (the path application code takes),
 * round-robin over the cell's channels. Every payload carries the cell, the channel's key, a
 * per-channel sequence number starting at 0, and its send time on the machine's monotonic clock
 * ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux, which the load generator reads too), in
 * milliseconds: {@code {"k":cell,"c":key,"s":seq,"t":ms,"p":"xx…"}}.
 *
 * @param prefix channel name prefix; the keys are {@code all} (one channel) or {@code 0..n-1}
 * @param channels 1 (the key {@code all}) or more (keys {@code 0..channels-1})
 */
record BenchPublisher(String prefix, int channels, int rate, int seconds, int cell, int padding) {
    static final int MAX_CHANNELS = 10_000;
    static final int MAX_RATE = 20_000;
    static final int MAX_SECONDS = 120;

    BenchPublisher {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix is required");
        }
        check("channels", channels, 1, MAX_CHANNELS);
        check("rate", rate, 1, MAX_RATE);
        check("seconds", seconds, 1, MAX_SECONDS);
        check("cell", cell, 0, Integer.MAX_VALUE);
        check("padding", padding, 0, 8_000);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
    }

    /** {@code micros} as milliseconds with three decimals (never in exponent notation). */
    static void appendMillis(StringBuilder out, long micros) {
        long fraction = micros % 1000;
        out.append(micros / 1000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        out.append(fraction);
    }

    /** Publishes the whole cell on the calling thread; the messages sent per channel key. */
    long[] run(RealtimeManager manager) {
        String pad = "x".repeat(padding);
        long[] sent = new long[channels];
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long tick = TimeUnit.MILLISECONDS.toNanos(5);
        for (long n = 0; n < total; ) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            for (; n < due; n++) {
                int index = (int) (n % channels);
                String key = channels == 1 ? "all" : Integer.toString(index);
                StringBuilder payload = new StringBuilder(64 + padding)
                        .append("{\"k\":")
                        .append(cell)
                        .append(",\"c\":");
                if (channels == 1) {
                    Json.quote(payload, key);
                } else {
                    payload.append(index);
                }
                payload.append(",\"s\":").append(sent[index]++).append(",\"t\":");
                appendMillis(payload, System.nanoTime() / 1_000L);
                payload.append(",\"p\":\"").append(pad).append("\"}");
                manager.broadcast(prefix + key, "bench", new RawJson(payload.toString()));
            }
            long nextDue = start + n * 1_000_000_000L / rate;
            LockSupport.parkNanos(Math.max(tick, nextDue - System.nanoTime()));
        }
        return sent;
    }
}
