package dev.realtime.config;

import dev.realtime.channel.ChannelNames;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Channel history ({@code realtime.history.*}): which channels keep their messages with positions,
 * how many and for how long, and how many bytes one node may hold of it in memory.
 *
 * @param channels globs of the history channels (empty: none)
 * @param size messages kept per history channel, 1 to {@value #MAX_SIZE} (0 only with no channels)
 * @param ttl how long a channel's history lives after its last message
 * @param memoryBytes bytes of history one node keeps in memory (the in-memory store's budget)
 */
public record HistorySettings(List<String> channels, int size, Duration ttl, long memoryBytes) {
    /** Hard maximum of {@code realtime.history.size}. */
    public static final int MAX_SIZE = 10_000;

    static final Duration MIN_TTL = Duration.ofSeconds(1);
    static final Duration MAX_TTL = Duration.ofDays(7);

    public HistorySettings {
        channels = List.copyOf(channels);
    }

    /** Reads {@code realtime.history.*}; fails with the key's name on a bad value. */
    public static HistorySettings from(SettingReader r) {
        List<String> channels = r.list(Setting.HISTORY_CHANNELS);
        int size = (int) r.number(Setting.HISTORY_SIZE, 0, MAX_SIZE);
        if (size == 0 && !channels.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.HISTORY_SIZE.key()
                    + "=0 keeps nothing, but " + Setting.HISTORY_CHANNELS.key() + " names channels: set a size of 1 to "
                    + MAX_SIZE);
        }
        return new HistorySettings(
                channels,
                size,
                r.duration(Setting.HISTORY_TTL, MIN_TTL, MAX_TTL),
                r.number(Setting.HISTORY_MEMORY_BYTES, 1024, Long.MAX_VALUE));
    }

    /** The compiled globs of {@link #channels()}. */
    public List<Pattern> patterns() {
        return channels.stream().map(ChannelNames::glob).toList();
    }
}
