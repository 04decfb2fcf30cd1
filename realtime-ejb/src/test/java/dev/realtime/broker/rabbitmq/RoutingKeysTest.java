package dev.realtime.broker.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.channel.ChannelNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingKeysTest {
    private final RoutingKeys keys = new RoutingKeys(164);
    private final RoutingKeys longChannels = new RoutingKeys(1000);

    @Test
    void theRoutingKeyIsTheChannelName() {
        assertEquals("user.7", keys.routingKey("user.7"));
        assertEquals("private-chat.2", keys.routingKey("private-chat.2"));
        assertEquals("a=b@c,d;e_f-g", keys.routingKey("a=b@c,d;e_f-g"));
        assertEquals("user.", keys.routingKey("user."));
    }

    @Test
    void aChannelLongerThanAKeyIsCutAfterItsLastWholeWord() {
        String channel = "a".repeat(200) + "." + "b".repeat(50) + "." + "c".repeat(10);
        assertEquals("a".repeat(200) + "." + "b".repeat(50), longChannels.routingKey(channel));
        assertEquals(255, longChannels.routingKey("x".repeat(300)).length(), "one long word: its first 255");
        assertEquals(255, longChannels.routingKey("a".repeat(255)).length(), "exactly 255 stays whole");
    }

    @Test
    void aGlobWordWithAStarBecomesHash() {
        assertEquals("user.#", keys.pattern("user.*"));
        assertEquals("#.eu", keys.pattern("*.eu"));
        assertEquals("#", keys.pattern("*"));
        assertEquals("#", keys.pattern("us*"));
        assertEquals("a.#.c", keys.pattern("a.b*.c"));
        assertEquals("a.#.c", keys.pattern("a.*.*.c"), "consecutive hashes collapse");
        assertEquals("#.x.#", keys.pattern("*.x.*"));
        assertEquals("news", keys.pattern("news"), "a glob without a star binds its one channel");
        assertEquals("#", keys.pattern("private-*"), "a star inside a word spans any words");
    }

    @Test
    void bindingsAreDistinctAndHashAloneWhenAnyIsHash() {
        assertEquals(List.of("#"), keys.bindings(List.of()));
        assertEquals(List.of("user.#", "news"), keys.bindings(List.of("user.*", "news", "user.*")));
        assertEquals(List.of("#"), keys.bindings(List.of("user.*", "pre*")));
    }

    @Test
    void whereKeysMayBeCutOnlyTheLeadingLiteralWordsBind() {
        assertEquals("a.#", longChannels.pattern("a.*.c"));
        assertEquals("#", longChannels.pattern("*.eu"));
        assertEquals("user.#", longChannels.pattern("user.*"));
        assertEquals("#", longChannels.pattern("x".repeat(300) + ".*"), "a first word longer than a key");
    }

    @Test
    void theBindingsNarrowAsRabbitRoutesThem() {
        assertTrue(routes(keys.pattern("user.*"), "user.7"));
        assertTrue(routes(keys.pattern("user.*"), "user."), "an empty last word is a word");
        assertTrue(routes(keys.pattern("*.eu"), "eu"), "# matches zero words: a superset");
        assertTrue(!routes(keys.pattern("user.*"), "users"));
        assertTrue(!routes(keys.pattern("user.*"), "news.user"));
        assertTrue(!routes(keys.pattern("*.eu"), "europe.x"));
        assertTrue(!routes(keys.pattern("news"), "news.x"));
    }

    /** Every channel a glob matches is routed by the glob's binding, cut keys included. */
    @Test
    void theBindingIsASupersetOfTheGlob() {
        List<String> globs =
                List.of("user.*", "*.eu", "*", "us*", "a.b*.c", "*.x.*", "news", "private-*", "*.", "user.*.x", "a..b");
        List<String> channels = List.of(
                "user.7",
                "user.",
                "user",
                "user.a.b",
                "users",
                "orders.eu",
                "eu",
                ".eu",
                "a.b.eu",
                "a.bc.c",
                "a.b.q.c",
                "a.b.c",
                "1.x.2",
                ".x.",
                "news",
                "private-chat.2",
                "user.a.x",
                "a..b",
                "x." + "y".repeat(300) + ".eu",
                "user." + "z".repeat(300) + ".x");
        int checked = 0;
        for (RoutingKeys mapping : List.of(keys, longChannels)) {
            for (String glob : globs) {
                String binding = mapping.pattern(glob);
                for (String channel : channels) {
                    if (channel.length() > 255 && mapping == keys) {
                        continue; // not a valid channel with that limit
                    }
                    if (ChannelNames.glob(glob).matcher(channel).matches()) {
                        String key = mapping.routingKey(channel);
                        assertTrue(routes(binding, key), glob + " → " + binding + " must route " + key);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 40, "the globs matched enough channels to mean something: " + checked);
    }

    /** RabbitMQ's topic matching: words split at dots (empty ones too), # is any words, * one word. */
    private static boolean routes(String binding, String key) {
        return matches(binding.split("\\.", -1), 0, key.split("\\.", -1), 0);
    }

    private static boolean matches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) {
            return w == words.length;
        }
        if (pattern[p].equals("#")) {
            return matches(pattern, p + 1, words, w) || (w < words.length && matches(pattern, p, words, w + 1));
        }
        return w < words.length
                && (pattern[p].equals("*") || pattern[p].equals(words[w]))
                && matches(pattern, p + 1, words, w + 1);
    }
}
