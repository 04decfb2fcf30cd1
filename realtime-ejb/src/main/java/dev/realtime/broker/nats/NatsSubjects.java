package dev.realtime.broker.nats;

import dev.realtime.channel.ChannelNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Channel names ↔ NATS subjects, and channel globs → subscription subjects.
 *
 * <p>A channel is split at its dots into subject tokens under the prefix: {@code user.42} →
 * {@code realtime.user.42}. NATS forbids empty tokens, whitespace and the wildcards {@code *} and
 * {@code >}, so every token is escaped: characters outside {@code A-Z a-z 0-9 _ - = @ , ;} (our
 * channel charset without the dot) become {@code ~XX} per UTF-8 byte, and an empty token (from
 * {@code a..b}, a leading or trailing dot) becomes the token {@code ~}. {@code ~} itself is escaped,
 * so the mapping is reversible and two channels never share a subject; a valid channel without
 * empty tokens keeps its name unchanged.
 *
 * <p>A glob's {@code *} matches any run of characters, dots included ({@link
 * dev.realtime.channel.ChannelNames#glob}), so a subscription takes the glob's literal tokens up
 * to the first one with a {@code *} and ends with {@code >}: {@code user.*} → {@code
 * realtime.user.>} (exact), {@code private-*} → {@code realtime.>} (a superset, the consumer job
 * filters exactly), a glob without {@code *} → its exact subject.
 */
public final class NatsSubjects {
    /** Marks an escaped byte ({@code ~2A}) and, alone, an empty token. */
    static final char ESCAPE = '~';

    private NatsSubjects() {}

    /** The subject that carries {@code channel}'s messages. */
    public static String subject(String prefix, String channel) {
        StringBuilder out = new StringBuilder(prefix.length() + channel.length() + 8).append(prefix);
        for (String token : channel.split("\\.", -1)) {
            out.append('.');
            escapeToken(token, out);
        }
        return out.toString();
    }

    /**
     * The channel a subject of {@link #subject} carries.
     *
     * @throws IllegalArgumentException when {@code subject} is not under the prefix or not escaped
     */
    public static String channel(String prefix, String subject) {
        if (!subject.startsWith(prefix + ".")) {
            throw new IllegalArgumentException("subject " + subject + " is not under " + prefix);
        }
        String[] tokens = subject.substring(prefix.length() + 1).split("\\.", -1);
        StringBuilder out = new StringBuilder(subject.length());
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            unescapeToken(tokens[i], out);
        }
        return out.toString();
    }

    /** The subscription subject that receives every channel {@code glob} matches (maybe more). */
    public static String subscription(String prefix, String glob) {
        StringBuilder out = new StringBuilder(prefix);
        for (String token : glob.split("\\.", -1)) {
            out.append('.');
            if (token.indexOf('*') >= 0) {
                return out.append('>').toString();
            }
            escapeToken(token, out);
        }
        return out.toString();
    }

    /**
     * The subscription subjects for a consumer's globs (every channel when there are none), reduced
     * so that no message is received twice: a subject another one covers is dropped, and if two of
     * the rest can still match the same subject, the whole prefix ({@code <prefix>.>}) is used.
     */
    public static List<String> subscriptions(String prefix, List<String> globs) {
        String all = prefix + ".>";
        if (globs.isEmpty()) {
            return List.of(all);
        }
        Set<String> subjects = new LinkedHashSet<>();
        for (String glob : globs) {
            subjects.add(subscription(prefix, glob));
        }
        List<String> kept = new ArrayList<>();
        for (String s : subjects) {
            boolean covered = false;
            for (String other : subjects) {
                if (!other.equals(s) && covers(other, s)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                kept.add(s);
            }
        }
        for (int i = 0; i < kept.size(); i++) {
            for (int j = i + 1; j < kept.size(); j++) {
                if (intersect(kept.get(i), kept.get(j))) {
                    return List.of(all);
                }
            }
        }
        return List.copyOf(kept);
    }

    /** Whether the NATS subject {@code subject} (no wildcards) matches {@code pattern}. */
    public static boolean matches(String pattern, String subject) {
        return covers(pattern, subject);
    }

    /** Whether every subject {@code b} matches is matched by {@code a} (both may have wildcards). */
    static boolean covers(String a, String b) {
        String[] at = a.split("\\.", -1);
        String[] bt = b.split("\\.", -1);
        for (int i = 0; i < at.length; i++) {
            if (at[i].equals(">")) {
                return bt.length > i;
            }
            if (i >= bt.length || bt[i].equals(">")) {
                return false;
            }
            if (!at[i].equals("*") && (bt[i].equals("*") || !at[i].equals(bt[i]))) {
                return false;
            }
        }
        return at.length == bt.length;
    }

    /** Whether some subject matches both patterns. */
    static boolean intersect(String a, String b) {
        String[] at = a.split("\\.", -1);
        String[] bt = b.split("\\.", -1);
        for (int i = 0; ; i++) {
            boolean aEnd = i >= at.length;
            boolean bEnd = i >= bt.length;
            if (aEnd || bEnd) {
                return aEnd && bEnd;
            }
            if (at[i].equals(">") || bt[i].equals(">")) {
                return true;
            }
            if (!at[i].equals("*") && !bt[i].equals("*") && !at[i].equals(bt[i])) {
                return false;
            }
        }
    }

    /**
     * A name NATS accepts for a stream or consumer ({@code A-Z a-z 0-9 _ -}): {@code name} itself
     * when it is one; otherwise other characters become {@code _} and a hash of {@code name} is
     * appended, so different names stay different.
     */
    public static String safeName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 9);
        boolean clean = !name.isEmpty();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (nameChar(c)) {
                out.append(c);
            } else {
                out.append('_');
                clean = false;
            }
        }
        if (clean) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return out.append(String.format("-%08x", crc.getValue())).toString();
    }

    /** Whether {@code name} is a legal stream or consumer name as it is. */
    static boolean legalName(String name) {
        return !name.isEmpty() && safeName(name).equals(name);
    }

    /**
     * Whether {@code prefix} can start subjects: dot-separated non-empty tokens without wildcards,
     * whitespace or {@code ~}.
     */
    static boolean legalPrefix(String prefix) {
        for (String token : prefix.split("\\.", -1)) {
            if (token.isEmpty() || token.equals("*") || token.equals(">")) {
                return false;
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c <= ' ' || c == 0x7F || c == '*' || c == '>' || c == ESCAPE) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void escapeToken(String token, StringBuilder out) {
        if (token.isEmpty()) {
            out.append(ESCAPE);
            return;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (plain(c)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < token.length() ? i + 2 : i + 1;
                for (byte b : token.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append(ESCAPE).append(String.format("%02X", b & 0xFF));
                }
                i = end - 1;
            }
        }
    }

    private static void unescapeToken(String token, StringBuilder out) {
        if (token.equals(String.valueOf(ESCAPE))) {
            return;
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty subject token");
        }
        byte[] bytes = new byte[token.length()];
        int n = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == ESCAPE) {
                if (i + 2 >= token.length()) {
                    throw new IllegalArgumentException("truncated escape in subject token " + token);
                }
                bytes[n++] = (byte) Integer.parseInt(token.substring(i + 1, i + 3), 16);
                i += 2;
            } else if (plain(c)) {
                bytes[n++] = (byte) c;
            } else {
                throw new IllegalArgumentException("unescaped character in subject token " + token);
            }
        }
        out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
    }

    /** Kept as it is in a subject token: the channel charset without the dot. */
    private static boolean plain(char c) {
        return c != '.' && ChannelNames.channelChar(c);
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
