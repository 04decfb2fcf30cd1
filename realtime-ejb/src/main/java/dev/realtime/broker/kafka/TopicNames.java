package dev.realtime.broker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Kafka's rules for topic names: {@code [a-zA-Z0-9._-]}, at most 249 characters, not . or .. */
final class TopicNames {
    static final int MAX_LENGTH = 249;
    /** Longest prefix that {@link #sanitize} never cuts: room is left for the {@code -<hash>} suffix. */
    static final int MAX_PREFIX_LENGTH = MAX_LENGTH - 9;

    private TopicNames() {}

    static void requireLegal(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_LENGTH || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("'" + topic + "' is not a legal Kafka topic name (1-249 characters)");
        }
        for (int i = 0; i < topic.length(); i++) {
            if (!legal(topic.charAt(i))) {
                throw new IllegalArgumentException("'" + topic + "' is not a legal Kafka topic name: only letters,"
                        + " digits, '.', '_' and '-' are allowed");
            }
        }
    }

    /**
     * {@code prefix + channel} when that is a legal name; otherwise illegal characters become
     * {@code _}, the result is cut to fit, and {@code -} plus a hash of the channel is appended.
     */
    static String sanitize(String prefix, String channel) {
        String plain = prefix + channel;
        boolean clean = plain.length() <= MAX_LENGTH;
        StringBuilder out = new StringBuilder(plain.length() + 9);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (legal(c)) {
                out.append(c);
            } else {
                out.append('_');
                clean = false;
            }
        }
        if (clean) {
            return plain;
        }
        CRC32 crc = new CRC32();
        crc.update(channel.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format("-%08x", crc.getValue());
        out.setLength(Math.min(out.length(), MAX_LENGTH - suffix.length()));
        return out.append(suffix).toString();
    }

    private static boolean legal(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
    }
}
