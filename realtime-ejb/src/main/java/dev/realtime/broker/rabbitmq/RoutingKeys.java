package dev.realtime.broker.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Channel names as AMQP topic routing keys, channel globs as binding patterns.
 *
 * <p>The routing key is the channel name itself ({@code user.7}): a topic exchange splits keys into
 * words at the dots, and our channel names are dot-separated words already. A routing key holds
 * at most {@value #MAX_LENGTH} bytes; a longer channel name (only possible when
 * {@code realtime.limits.channel-name-length} allows it) is cut after its last whole word that fits.
 *
 * <p>A glob's {@code *} matches any run of characters, dots included, so it can span several
 * words: each glob word containing a {@code *} becomes {@code #} (zero or more words), the others
 * stay literal ({@code user.*} → {@code user.#}, {@code *.eu} → {@code #.eu}, {@code us*} →
 * {@code #}). That pattern matches every channel the glob matches (and some more: {@code #} also
 * matches zero words), which is all a binding must do: the consumer job filters exactly. Where
 * routing keys may have been cut, only the glob's literal leading words are kept ({@code a.*.b} →
 * {@code a.#}), since a cut key may have lost the trailing ones.
 */
public final class RoutingKeys {
    /** The longest routing key or binding key AMQP carries, in bytes (a short string). */
    public static final int MAX_LENGTH = 255;

    private final boolean keysAreWhole;

    /** @param longestChannel the longest channel name this cluster allows, in characters */
    public RoutingKeys(int longestChannel) {
        // Channel names are ASCII (validated): a character is a byte
        this.keysAreWhole = longestChannel <= MAX_LENGTH;
    }

    /** The routing key {@code channel}'s messages are published with. */
    public String routingKey(String channel) {
        return fits(channel) ? channel : leadingWords(channel, MAX_LENGTH);
    }

    /**
     * The binding patterns of a consumer of {@code globs} (every channel when there are none);
     * never empty, no pattern twice, only {@code #} when one of them is.
     */
    public List<String> bindings(List<String> globs) {
        Set<String> out = new LinkedHashSet<>();
        for (String glob : globs) {
            out.add(pattern(glob));
        }
        if (out.isEmpty() || out.contains("#")) {
            return List.of("#");
        }
        return List.copyOf(out);
    }

    /** The binding pattern that routes every channel {@code glob} matches to the node's queue. */
    public String pattern(String glob) {
        if (glob.indexOf('*') < 0) {
            return routingKey(glob); // the one channel it names, cut the same way
        }
        if (keysAreWhole) {
            String precise = wordsWithHashes(glob);
            if (fits(precise)) {
                return precise;
            }
        }
        return literalLeadingWords(glob);
    }

    private static String wordsWithHashes(String glob) {
        List<String> words = new ArrayList<>();
        for (String word : glob.split("\\.", -1)) {
            if (word.indexOf('*') >= 0) {
                if (words.isEmpty() || !words.get(words.size() - 1).equals("#")) {
                    words.add("#");
                }
            } else {
                words.add(word);
            }
        }
        return String.join(".", words);
    }

    /** The glob's words before its first {@code *}, then {@code #}: {@code a.b*.c} → {@code a.#}. */
    private static String literalLeadingWords(String glob) {
        int star = glob.indexOf('*');
        int lastDot = glob.lastIndexOf('.', star);
        if (lastDot < 0) {
            return "#";
        }
        String prefix = leadingWords(glob.substring(0, lastDot), MAX_LENGTH - 2);
        // leadingWords cuts inside a word only when the first word alone is too long
        return prefix.length() < lastDot && glob.charAt(prefix.length()) != '.' ? "#" : prefix + ".#";
    }

    /** The longest run of whole leading words of {@code text} within {@code max} bytes. */
    private static String leadingWords(String text, int max) {
        if (bytes(text) <= max) {
            return text;
        }
        int cut = -1;
        for (int i = text.indexOf('.'); i >= 0 && bytes(text.substring(0, i)) <= max; i = text.indexOf('.', i + 1)) {
            cut = i;
        }
        if (cut >= 0) {
            return text.substring(0, cut);
        }
        // One word longer than a key: its first characters (whole code points) that fit
        int end = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            if (bytes(text.substring(0, next)) > max) {
                break;
            }
            end = next;
        }
        return text.substring(0, end);
    }

    private static boolean fits(String text) {
        return bytes(text) <= MAX_LENGTH;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
