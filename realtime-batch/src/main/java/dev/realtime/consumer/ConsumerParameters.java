package dev.realtime.consumer;

import dev.realtime.config.RealtimeSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The consumer job's parameters, checked once. Blank values take the defaults, so the job starts
 * with no parameters at all.
 *
 * @param broker the broker to consume; must be this node's {@code realtime.broker} (default: it)
 * @param channels channel globs to deliver, comma-separated ({@code user.*,public.*}); empty: all
 * @param batchSize most messages per poll (default {@code realtime.consumer.batch-size})
 * @param pollTimeout how long one poll waits (default 1 s)
 * @param maxMessages stop after this many messages (default 0: never)
 * @param stopWhenEmpty stop at the first empty poll: a one-shot catch-up run (default false)
 */
public record ConsumerParameters(
        String broker,
        List<String> channels,
        int batchSize,
        Duration pollTimeout,
        long maxMessages,
        boolean stopWhenEmpty) {

    /**
     * @throws IllegalArgumentException naming the parameter when a value is malformed
     */
    public static ConsumerParameters of(
            RealtimeSettings settings,
            String broker,
            String channels,
            String batchSize,
            String pollTimeoutMs,
            String maxMessages,
            String stopWhenEmpty) {
        return new ConsumerParameters(
                blank(broker) ? settings.broker() : broker.trim(),
                globs(channels),
                blank(batchSize)
                        ? settings.source().positive(dev.realtime.config.Setting.CONSUMER_BATCH)
                        : (int) number("batchSize", batchSize, 1, 100_000),
                Duration.ofMillis(blank(pollTimeoutMs) ? 1000 : number("pollTimeoutMs", pollTimeoutMs, 1, 60_000)),
                blank(maxMessages) ? 0 : number("maxMessages", maxMessages, 0, Long.MAX_VALUE),
                !blank(stopWhenEmpty) && bool("stopWhenEmpty", stopWhenEmpty));
    }

    /** A comma-separated {@code channels} parameter as globs; blank: none (every channel). */
    public static List<String> globs(String channels) {
        return blank(channels)
                ? List.of()
                : Arrays.stream(channels.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "Job parameter " + name + "=" + value + " must be a whole number from " + min + " to " + max);
    }

    private static boolean bool(String name, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("Job parameter " + name + "=" + value + " must be true or false");
    }
}
