package dev.realtime.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicStrategyTest {

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static GroupedTopics defaultGrouped() {
        List<String> mapping = RealtimeSettings.defaults().source().list(Setting.KAFKA_TOPICS);
        return new GroupedTopics(mapping, Setting.KAFKA_DEFAULT_TOPIC.defaultValue(), 6);
    }

    // ---- grouped ----

    @Test
    void defaultMappingPutsAThousandChannelsOnFourTopics() {
        GroupedTopics topics = defaultGrouped();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            assertEquals("realtime-user", topics.topicFor("user." + i));
            assertEquals("realtime-private", topics.topicFor("private-chat." + i));
            assertEquals("realtime-presence", topics.topicFor("presence-room." + i));
            assertEquals("realtime-events", topics.topicFor("news." + i));
            used.add(topics.topicFor("user." + i));
            used.add(topics.topicFor("private-chat." + i));
            used.add(topics.topicFor("presence-room." + i));
            used.add(topics.topicFor("news." + i));
        }
        assertEquals(Set.of("realtime-user", "realtime-private", "realtime-presence", "realtime-events"), used);
        assertEquals(used, Set.copyOf(topics.fixedTopics()));
        assertEquals(4, topics.fixedTopics().size());
        assertNull(topics.topicPattern());
        for (String t : used) {
            assertEquals(6, topics.partitionsOf(t));
        }
    }

    @Test
    void firstMatchingGlobWins() {
        GroupedTopics topics = new GroupedTopics(List.of("user.admin=admins", "user.*=users", "*=all"), "rest", 1);
        assertEquals("admins", topics.topicFor("user.admin"));
        assertEquals("users", topics.topicFor("user.administrator"));
        assertEquals("users", topics.topicFor("user.1"));
        assertEquals("all", topics.topicFor("news"));
        assertEquals(List.of("admins", "users", "all", "rest"), topics.fixedTopics());
    }

    @Test
    void unmatchedChannelsGoToTheDefaultTopic() {
        GroupedTopics topics = new GroupedTopics(List.of("user.*=users"), "others:2", 5);
        assertEquals("others", topics.topicFor("news"));
        assertEquals(2, topics.partitionsOf("others"));
        assertEquals(5, topics.partitionsOf("users"));
    }

    @Test
    void partitionsAreParsedAndDefaultsApplied() {
        GroupedTopics topics = new GroupedTopics(List.of("user.*=t:12", " news.* = n ", "x.*=t"), "d", 3);
        assertEquals("t", topics.topicFor("user.9"));
        assertEquals("n", topics.topicFor("news.1"));
        assertEquals("t", topics.topicFor("x.1"));
        assertEquals(12, topics.partitionsOf("t"));
        assertEquals(3, topics.partitionsOf("n"));
        assertEquals(3, topics.partitionsOf("d"));
        assertEquals(1, topics.partitionsOf("unknown-topic"));
        assertEquals(List.of("t", "n", "d"), topics.fixedTopics());
    }

    @Test
    void sameTopicWithSamePartitionsTwiceIsFine() {
        GroupedTopics topics = new GroupedTopics(List.of("a.*=t:4", "b.*=t:4"), "d", 1);
        assertEquals(4, topics.partitionsOf("t"));
        assertEquals("t", topics.topicFor("b.1"));
    }

    @ParameterizedTest(name = "topics entry \"{0}\" is rejected")
    @ValueSource(
            strings = {
                "user.*",
                "=topic",
                "user.*=",
                "user.*= ",
                "user.*=:3",
                "user.*=t:x",
                "user.*=t:0",
                "user.*=t:-2",
                "user.*=t:",
                "user.*=t:1.5",
                "user.*=a b",
                "user.*=a/b",
                "user.*=a:b:c",
                "user.*=ä",
                "user.*=.",
                "user.*=..",
            })
    void malformedEntriesAreRejected(String entry) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new GroupedTopics(List.of(entry), "default", 1));
        assertTrue(e.getMessage().contains("Kafka topic") || e.getMessage().contains("topic name"), e.getMessage());
    }

    @Test
    void conflictingPartitionsForOneTopicAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new GroupedTopics(List.of("a.*=t:3", "b.*=t:4"), "d", 1));
        assertTrue(e.getMessage().contains("'t'"), e.getMessage());
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupedTopics(List.of("a.*=t:3"), "t:5", 1));
    }

    @Test
    void anExplicitPartitionCountWinsOverTheDefaultForTheSameTopic() {
        GroupedTopics topics = new GroupedTopics(List.of("a.*=t", "b.*=t:4", "c.*=u"), "d", 6);
        assertEquals(4, topics.partitionsOf("t"), "the count given for t applies to every route to t");
        assertEquals(6, topics.partitionsOf("u"));
        assertEquals(List.of("t", "u", "d"), topics.fixedTopics());
    }

    @Test
    void overlongTopicNamesAreRejected() {
        String name250 = "t".repeat(250);
        assertThrows(IllegalArgumentException.class, () -> new GroupedTopics(List.of("a.*=" + name250), "d", 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupedTopics(List.of(), name250, 1));
        String name249 = "t".repeat(249);
        assertEquals(name249, new GroupedTopics(List.of("a.*=" + name249), "d", 1).topicFor("a.1"));
    }

    @ParameterizedTest(name = "default topic \"{0}\" is rejected")
    @ValueSource(strings = {"", "a b", "a/b", "a:b", "a*", "a,b"})
    void illegalDefaultTopicIsRejected(String defaultTopic) {
        assertThrows(IllegalArgumentException.class, () -> new GroupedTopics(List.of(), defaultTopic, 1));
    }

    // ---- per channel ----

    @ParameterizedTest(name = "channel {0} keeps its name as a topic")
    @ValueSource(strings = {"news", "user.1", "private-chat_room-7", "A.b-C_d", "x"})
    void cleanChannelNamesAreKept(String channel) {
        PerChannelTopics topics = new PerChannelTopics("realtime.channel.", 3);
        assertEquals("realtime.channel." + channel, topics.topicFor(channel));
        assertEquals(3, topics.partitionsOf(topics.topicFor(channel)));
        assertEquals(List.of(), topics.fixedTopics());
    }

    @ParameterizedTest(name = "channel {0} is sanitized with a hash")
    @ValueSource(strings = {"a=b", "user@example", "a,b", "a;b", "presence-x=y@z,w;v"})
    void channelsWithIllegalCharactersAreSanitizedWithAHash(String channel) {
        PerChannelTopics topics = new PerChannelTopics("rt.", 1);
        String topic = topics.topicFor(channel);
        String expectedStem = "rt." + channel.replaceAll("[^a-zA-Z0-9._-]", "_");
        assertTrue(topic.matches(Pattern.quote(expectedStem) + "-[0-9a-f]{8}"), topic);
        assertTrue(LEGAL.matcher(topic).matches(), topic);
        assertEquals(topic, topics.topicFor(channel));
    }

    @Test
    void channelsDifferingOnlyInIllegalCharactersGetDifferentTopics() {
        PerChannelTopics topics = new PerChannelTopics("rt.", 1);
        Set<String> produced = new HashSet<>();
        for (String channel : List.of("a=b", "a@b", "a,b", "a;b", "a_b")) {
            assertTrue(produced.add(topics.topicFor(channel)), "collision for " + channel);
        }
        assertNotEquals(topics.topicFor("a=b"), topics.topicFor("a@b"));
        assertEquals("rt.a_b", topics.topicFor("a_b"));
    }

    @ParameterizedTest(name = "prefix of {0} characters: every topic is legal and short enough")
    @ValueSource(ints = {1, 17, 85, 100, 200, 238, 239, 240})
    void topicsAreLegalAndShortEnoughWhateverTheLengths(int prefixLength) {
        String prefix = "p".repeat(prefixLength - 1) + ".";
        PerChannelTopics topics = new PerChannelTopics(prefix, 1);
        List<String> channels = new ArrayList<>(
                List.of("c".repeat(164), "presence-" + "=@,;".repeat(38) + "xyz", "n", "user.1", "a=b", "a@b"));
        Set<String> produced = new HashSet<>();
        for (String channel : channels) {
            String topic = topics.topicFor(channel);
            assertTrue(topic.length() <= TopicNames.MAX_LENGTH, topic.length() + ": " + topic);
            assertDoesNotThrow(() -> TopicNames.requireLegal(topic), topic);
            assertTrue(topics.topicPattern().matcher(topic).matches(), "pattern misses " + topic);
            assertTrue(produced.add(topic), "collision on " + topic);
        }
    }

    @Test
    void aLongChannelWithALongPrefixIsCutAndHashed() {
        String prefix = "realtime.some.very.long.cluster.prefix." + "x".repeat(80) + ".";
        String channel = "private-" + "c".repeat(156);
        assertEquals(164, channel.length());
        String topic = new PerChannelTopics(prefix, 1).topicFor(channel);
        assertEquals(TopicNames.MAX_LENGTH, topic.length());
        assertTrue(topic.startsWith(prefix), topic);
        assertTrue(topic.matches(".*-[0-9a-f]{8}"), topic);
    }

    @Test
    void topicPatternMatchesOnlyThisPrefix() {
        PerChannelTopics topics = new PerChannelTopics("realtime.channel.", 1);
        Pattern p = topics.topicPattern();
        assertTrue(p.matcher(topics.topicFor("news")).matches());
        assertTrue(p.matcher(topics.topicFor("a=b")).matches());
        assertTrue(!p.matcher("realtimeXchannel.news").matches(), "the prefix's dots are literal");
        assertTrue(!p.matcher("other.news").matches());
        assertTrue(!p.matcher("realtime.channel.").matches());
    }

    @ParameterizedTest(name = "prefix of {0} characters is rejected as too long")
    @ValueSource(ints = {241, 245, 248})
    void prefixTooLongToKeepInEveryTopicIsRejected(int prefixLength) {
        // a longer prefix would be cut when a long channel is sanitized, and topicPattern would miss
        // that topic; 248 is still a legal topic name on its own
        String prefix = "p".repeat(prefixLength);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new PerChannelTopics(prefix, 1));
        assertTrue(e.getMessage().contains("prefix"), e.getMessage());
    }

    @ParameterizedTest(name = "prefix \"{0}\" is rejected")
    @ValueSource(strings = {"a b", "a/b", "pre:"})
    void illegalPrefixIsRejected(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> new PerChannelTopics(prefix, 1));
    }

    // ---- cached ----

    /** Counts how often each channel is asked for. */
    private static final class CountingTopics implements TopicStrategy {
        final TopicStrategy inner;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        CountingTopics(TopicStrategy inner) {
            this.inner = inner;
        }

        @Override
        public String topicFor(String channel) {
            calls.computeIfAbsent(channel, c -> new AtomicInteger()).incrementAndGet();
            return inner.topicFor(channel);
        }

        @Override
        public int partitionsOf(String topic) {
            return inner.partitionsOf(topic);
        }

        @Override
        public List<String> fixedTopics() {
            return inner.fixedTopics();
        }

        @Override
        public Pattern topicPattern() {
            return inner.topicPattern();
        }
    }

    @Test
    void cachedTopicsAnswerTheSameAndAskOncePerChannel() {
        for (TopicStrategy base : List.of(defaultGrouped(), new PerChannelTopics("rt.", 4))) {
            CountingTopics counting = new CountingTopics(base);
            CachedTopics cached = new CachedTopics(counting);
            List<String> channels = List.of("user.1", "news", "a=b", "presence-r", "private-x", "user.1");
            for (int round = 0; round < 5; round++) {
                for (String channel : channels) {
                    assertEquals(base.topicFor(channel), cached.topicFor(channel));
                }
            }
            assertEquals(5, cached.size());
            for (String channel : Set.copyOf(channels)) {
                assertEquals(1, counting.calls.get(channel).get(), channel);
            }
            assertEquals(base.fixedTopics(), cached.fixedTopics());
            assertEquals(base.partitionsOf("realtime-user"), cached.partitionsOf("realtime-user"));
            assertEquals(String.valueOf(base.topicPattern()), String.valueOf(cached.topicPattern()));
        }
    }
}
