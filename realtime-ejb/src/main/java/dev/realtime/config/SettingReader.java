package dev.realtime.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Typed access to the raw configuration, failing with the key's name on a malformed value. A
 * missing key takes the {@link Setting}'s default.
 */
public final class SettingReader {
    private static final Set<String> KNOWN =
            Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toUnmodifiableSet());

    private final Function<String, Optional<String>> lookup;
    private final Supplier<Iterable<String>> names;

    /**
     * @param lookup the value of a key, if set
     * @param names every key that is set (for pass-through prefixes); may be empty
     */
    public SettingReader(Function<String, Optional<String>> lookup, Supplier<Iterable<String>> names) {
        this.lookup = lookup;
        this.names = names;
    }

    public String text(Setting s) {
        return lookup.apply(s.key()).map(String::trim).orElse(s.defaultValue());
    }

    /** A comma-separated value as a list, blanks dropped. */
    public List<String> list(Setting s) {
        return Arrays.stream(text(s).split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableList());
    }

    public int integer(Setting s, int min) {
        return (int) number(s, min, Integer.MAX_VALUE);
    }

    public int positive(Setting s) {
        return integer(s, 1);
    }

    public long number(Setting s, long min, long max) {
        String value = text(s);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Configuration " + s.key() + "=" + value + " must be a whole number >= "
                + min + (max < Long.MAX_VALUE && max != Integer.MAX_VALUE ? " and <= " + max : ""));
    }

    /** A duration given in milliseconds. */
    public Duration millis(Setting s) {
        return Duration.ofMillis(number(s, 0, Long.MAX_VALUE));
    }

    /** A duration given in seconds or ISO-8601 ({@code PT10M}), from {@code min} to {@code max}. */
    public Duration duration(Setting s, Duration min, Duration max) {
        String value = text(s);
        try {
            Duration d = value.matches("\\d{1,12}") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("Configuration " + s.key() + "=" + value
                + " must be seconds or an ISO-8601 duration (PT10M) from " + min.getSeconds() + " s to "
                + max.getSeconds() + " s");
    }

    public boolean bool(Setting s) {
        String value = text(s);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("Configuration " + s.key() + "=" + value + " must be true or false");
    }

    /** A value that must be one of {@code allowed}. */
    public String choice(Setting s, Set<String> allowed) {
        String value = text(s);
        if (allowed.contains(value)) {
            return value;
        }
        throw new IllegalArgumentException(
                "Configuration " + s.key() + "=" + value + " must be one of " + new TreeSet<>(allowed));
    }

    /**
     * A value naming one of {@code type}'s constants in lower case ({@code close} for
     * {@code CLOSE}, {@code per-channel} for {@code PER_CHANNEL}); case-insensitive.
     */
    public <E extends Enum<E>> E option(Setting s, Class<E> type) {
        String value = text(s);
        for (E constant : type.getEnumConstants()) {
            if (optionName(constant).equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Configuration " + s.key() + "=" + value + " must be one of "
                + Arrays.stream(type.getEnumConstants())
                        .map(SettingReader::optionName)
                        .toList());
    }

    /** How {@link #option} spells {@code constant}. */
    public static String optionName(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Every set key that starts with {@code prefix} and is not one of the module's own settings,
     * with the prefix removed: the pass-through properties of a client library (for example
     * {@code realtime.kafka.security.protocol} becomes {@code security.protocol}).
     */
    public Map<String, String> passThrough(String prefix) {
        Map<String, String> found = new TreeMap<>();
        for (String name : names.get()) {
            if (name.startsWith(prefix) && name.length() > prefix.length() && !KNOWN.contains(name)) {
                lookup.apply(name).ifPresent(value -> found.put(name.substring(prefix.length()), value.trim()));
            }
        }
        return found;
    }
}
