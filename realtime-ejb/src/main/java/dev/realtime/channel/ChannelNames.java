package dev.realtime.channel;

import dev.realtime.RealtimeException;
import dev.realtime.config.RealtimeSettings;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates channel and event names and classifies channels. Channel names use Pusher's charset
 * ({@code A-Z a-z 0-9 _ - = @ , . ;}); event names are visible ASCII and may not use the reserved
 * {@code pusher:} / {@code pusher_internal:} prefixes. Immutable and thread-safe.
 */
public final class ChannelNames {
    /**
     * Channel names starting with this are the nodes' own: no client subscribes to them and no
     * application publishes on them; only a message another node signed may carry one.
     */
    public static final String RESERVED_PREFIX = "realtime-internal-";
    /** The channel the nodes tell each other their state on (presence, counts, users). */
    public static final String CLUSTER_CHANNEL = RESERVED_PREFIX + "cluster";
    /** Prefix of a signed-in user's channel, as pusher-js expects it after {@code pusher:signin}. */
    public static final String USER_CHANNEL_PREFIX = "#server-to-user-";

    private final int channelLimit;
    private final int eventLimit;
    private final List<Pattern> privatePatterns;

    public ChannelNames(RealtimeSettings settings) {
        this(settings.channelNameLimit(), settings.eventNameLimit(), settings.privatePatterns());
    }

    public ChannelNames(int channelLimit, int eventLimit, List<String> privateGlobs) {
        this.channelLimit = channelLimit;
        this.eventLimit = eventLimit;
        this.privatePatterns = privateGlobs.stream().map(ChannelNames::glob).toList();
    }

    /** @throws RealtimeException {@code invalid_channel} with the reason (reserved names included) */
    public String requireChannel(String name) {
        return requireChannel(name, false);
    }

    /**
     * Like {@link #requireChannel(String)}; with {@code allowReserved} names starting with
     * {@value #RESERVED_PREFIX} pass too (messages another node of the cluster signed).
     *
     * @throws RealtimeException {@code invalid_channel} with the reason
     */
    public String requireChannel(String name, boolean allowReserved) {
        if (!allowReserved && name != null && name.startsWith(RESERVED_PREFIX)) {
            throw new RealtimeException(
                    "invalid_channel", "Channel names starting with " + RESERVED_PREFIX + " are reserved");
        }
        if (name == null || name.isEmpty()) {
            throw new RealtimeException("invalid_channel", "Channel name is empty");
        }
        if (name.length() > channelLimit) {
            throw new RealtimeException(
                    "invalid_channel",
                    "Channel name is " + name.length() + " characters; the limit is " + channelLimit);
        }
        for (int i = 0; i < name.length(); i++) {
            if (!channelChar(name.charAt(i))) {
                throw new RealtimeException(
                        "invalid_channel",
                        "Channel name '" + printable(name) + "' has a character outside A-Z a-z 0-9 _ - = @ , . ;");
            }
        }
        return name;
    }

    /** The channel a signed-in user's connections receive the user's messages on. */
    public static String userChannel(String userId) {
        return USER_CHANNEL_PREFIX + userId;
    }

    /**
     * Whether the channel is the nodes' own ({@value #RESERVED_PREFIX}…) or a user's
     * ({@value #USER_CHANNEL_PREFIX}…): never listed among an application's channels.
     */
    public static boolean isInternal(String channel) {
        return channel.startsWith(RESERVED_PREFIX) || channel.startsWith(USER_CHANNEL_PREFIX);
    }

    /**
     * Whether the channel is a Pusher cache channel ({@code cache-…}, {@code private-cache-…},
     * {@code presence-cache-…}): it keeps its last event for new subscribers. Its kind is still
     * {@link #typeOf}'s (private and presence ones are authorized as such).
     */
    public static boolean isCache(String channel) {
        return channel.startsWith("cache-")
                || channel.startsWith("private-cache-")
                || channel.startsWith("presence-cache-");
    }

    /** @throws RealtimeException {@code invalid_event} with the reason */
    public String requireEvent(String name) {
        return requireEvent(name, false);
    }

    /**
     * Like {@link #requireEvent(String)}; with {@code allowReserved} the {@code pusher:} /
     * {@code pusher_internal:} prefixes pass too (events another node of the cluster signed).
     *
     * @throws RealtimeException {@code invalid_event} with the reason
     */
    public String requireEvent(String name, boolean allowReserved) {
        if (name == null || name.isEmpty()) {
            throw new RealtimeException("invalid_event", "Event name is empty");
        }
        if (name.length() > eventLimit) {
            throw new RealtimeException(
                    "invalid_event", "Event name is " + name.length() + " characters; the limit is " + eventLimit);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new RealtimeException(
                        "invalid_event", "Event name '" + printable(name) + "' must be visible ASCII without spaces");
            }
        }
        if (!allowReserved && isReserved(name)) {
            throw new RealtimeException("invalid_event", "Event names starting with pusher: are reserved");
        }
        return name;
    }

    /** Whether {@code event} starts with a prefix reserved for the protocol ({@code pusher:}, {@code pusher_internal:}). */
    public static boolean isReserved(String event) {
        return event.startsWith("pusher:") || event.startsWith("pusher_internal:");
    }

    /** The channel's kind: {@code presence-…}, {@code private-…} or a private pattern, else public. */
    public ChannelType typeOf(String channel) {
        if (channel.startsWith("presence-")) {
            return ChannelType.PRESENCE;
        }
        if (channel.startsWith("private-")) {
            return ChannelType.PRIVATE;
        }
        for (Pattern p : privatePatterns) {
            if (p.matcher(channel).matches()) {
                return ChannelType.PRIVATE;
            }
        }
        return ChannelType.PUBLIC;
    }

    /** Compiles a glob where {@code *} matches any run of characters. */
    public static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether {@code c} may appear in a channel name (Pusher's set: letters, digits, {@code _-=@,.;}). */
    public static boolean channelChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '='
                || c == '@'
                || c == ','
                || c == '.'
                || c == ';';
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
