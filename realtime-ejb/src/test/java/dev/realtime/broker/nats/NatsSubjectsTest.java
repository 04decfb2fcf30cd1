package dev.realtime.broker.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.channel.ChannelNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NatsSubjectsTest {
    private static final String P = "rt";

    @ParameterizedTest(name = "channel {0} becomes subject {1} and comes back")
    @CsvSource(
            delimiter = '|',
            value = {
                "news|rt.news",
                "user.42|rt.user.42",
                "private-chat.2|rt.private-chat.2",
                "a=b@c,d;e_f|rt.a=b@c,d;e_f",
                "a..b|rt.a.~.b",
                ".a|rt.~.a",
                "a.|rt.a.~",
                ".|rt.~.~",
                "a*b|rt.a~2Ab",
                "a>|rt.a~3E",
                "a b|rt.a~20b",
                "x~y|rt.x~7Ey",
                "~|rt.~7E",
                "größe|rt.gr~C3~B6~C3~9Fe",
                "$sys|rt.~24sys",
            })
    void channelsBecomeLegalSubjectsAndComeBack(String channel, String subject) {
        assertEquals(subject, NatsSubjects.subject(P, channel));
        assertEquals(channel, NatsSubjects.channel(P, subject));
        for (String token : subject.split("\\.", -1)) {
            assertFalse(token.isEmpty(), subject);
            assertFalse(token.contains("*") || token.contains(">") || token.contains(" "), subject);
        }
    }

    @Test
    void emptyChannelAndSurrogatePairsRoundTrip() {
        assertEquals("rt.~", NatsSubjects.subject(P, ""));
        assertEquals("", NatsSubjects.channel(P, "rt.~"));
        String emoji = "a\uD83D\uDE00b";
        assertEquals("rt.a~F0~9F~98~80b", NatsSubjects.subject(P, emoji));
        assertEquals(emoji, NatsSubjects.channel(P, NatsSubjects.subject(P, emoji)));
    }

    @Test
    void aMultiTokenPrefixIsKept() {
        assertEquals("acme.prod.user.1", NatsSubjects.subject("acme.prod", "user.1"));
        assertEquals("user.1", NatsSubjects.channel("acme.prod", "acme.prod.user.1"));
    }

    @ParameterizedTest(name = "subject \"{0}\" is refused")
    @ValueSource(strings = {"other.news", "rt", "rt.a..b", "rt.a~2", "rt.a~ZZ", "rt.a b"})
    void foreignOrMalformedSubjectsAreRefused(String subject) {
        assertThrows(IllegalArgumentException.class, () -> NatsSubjects.channel(P, subject));
    }

    @Test
    void randomChannelsNeverCollide() {
        Random random = new Random(42);
        String alphabet = "ab.~*> -=@,;é";
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder channel = new StringBuilder();
            for (int n = random.nextInt(7); n > 0; n--) {
                channel.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String c = channel.toString();
            String subject = NatsSubjects.subject(P, c);
            String before = seen.put(subject, c);
            assertTrue(before == null || before.equals(c), before + " and " + c + " share " + subject);
            assertEquals(c, NatsSubjects.channel(P, subject));
        }
    }

    @ParameterizedTest(name = "glob {0} subscribes to {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "user.*|rt.user.>",
                "*|rt.>",
                "private-*|rt.>",
                "news|rt.news",
                "orders.eu|rt.orders.eu",
                "a.b*.c|rt.a.>",
                "a..*|rt.a.~.>",
                "a.*.c|rt.a.>",
                "we ird.*|rt.we~20ird.>",
            })
    void globsBecomeSubscriptionSubjects(String glob, String subscription) {
        assertEquals(subscription, NatsSubjects.subscription(P, glob));
    }

    @Test
    void everyChannelAGlobMatchesIsReceived() {
        Random random = new Random(7);
        String alphabet = "ab.*";
        String channelAlphabet = "ab.";
        for (int i = 0; i < 5_000; i++) {
            String glob = randomText(random, alphabet, 6);
            String subscription = NatsSubjects.subscription(P, glob);
            var pattern = ChannelNames.glob(glob);
            for (int j = 0; j < 30; j++) {
                String channel = randomText(random, channelAlphabet, 6);
                String subject = NatsSubjects.subject(P, channel);
                if (pattern.matcher(channel).matches()) {
                    assertTrue(
                            NatsSubjects.matches(subscription, subject),
                            glob + " matches " + channel + " but " + subscription + " does not match " + subject);
                }
                if (glob.endsWith(".*") && glob.indexOf('*') == glob.length() - 1 || !glob.contains("*")) {
                    assertEquals(
                            pattern.matcher(channel).matches(),
                            NatsSubjects.matches(subscription, subject),
                            "exact for " + glob + " and " + channel);
                }
            }
        }
    }

    @Test
    void subscriptionsNeverOverlap() {
        assertEquals(List.of("rt.>"), NatsSubjects.subscriptions(P, List.of()));
        assertEquals(List.of("rt.user.>"), NatsSubjects.subscriptions(P, List.of("user.*")));
        assertEquals(List.of("rt.user.>"), NatsSubjects.subscriptions(P, List.of("user.*", "user.1*", "user.7")));
        assertEquals(List.of("rt.user.>", "rt.news"), NatsSubjects.subscriptions(P, List.of("user.*", "news", "news")));
        assertEquals(List.of("rt.>"), NatsSubjects.subscriptions(P, List.of("user.*", "private-*")));
        assertEquals(List.of("rt.a.b", "rt.a.c"), NatsSubjects.subscriptions(P, List.of("a.b", "a.c")));
    }

    @Test
    void coversAndIntersectFollowNatsWildcards() {
        assertTrue(NatsSubjects.covers("rt.>", "rt.a.b"));
        assertFalse(NatsSubjects.covers("rt.>", "rt"));
        assertTrue(NatsSubjects.covers("rt.*.b", "rt.a.b"));
        assertTrue(NatsSubjects.covers("rt.*.b", "rt.*.b"));
        assertFalse(NatsSubjects.covers("rt.a.b", "rt.*.b"));
        assertFalse(NatsSubjects.covers("rt.a.>", "rt.>"));
        assertTrue(NatsSubjects.intersect("rt.a.*", "rt.*.b"));
        assertTrue(NatsSubjects.intersect("rt.a.>", "rt.>"));
        assertFalse(NatsSubjects.intersect("rt.a", "rt.a.>"));
        assertFalse(NatsSubjects.intersect("rt.a.b", "rt.a.c"));
    }

    @Test
    void namesAreMadeLegalWithoutCollisions() {
        assertEquals("realtime-node-1", NatsSubjects.safeName("realtime-node-1"));
        String dotted = NatsSubjects.safeName("realtime-host.example.com");
        assertTrue(dotted.matches("realtime-host_example_com-[0-9a-f]{8}"), dotted);
        assertNotEquals(NatsSubjects.safeName("realtime-a.b"), NatsSubjects.safeName("realtime-a b"));
        assertTrue(NatsSubjects.legalName("REALTIME"));
        assertFalse(NatsSubjects.legalName("REAL.TIME"));
        assertFalse(NatsSubjects.legalName(""));
    }

    @Test
    void prefixesAreChecked() {
        assertTrue(NatsSubjects.legalPrefix("realtime"));
        assertTrue(NatsSubjects.legalPrefix("acme.realtime"));
        for (String bad : List.of("", "a.", ".a", "a..b", "a.*", "a.>", "a b", "a~b")) {
            assertFalse(NatsSubjects.legalPrefix(bad), bad);
        }
    }

    private static String randomText(Random random, String alphabet, int max) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(max + 1); n > 0; n--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
