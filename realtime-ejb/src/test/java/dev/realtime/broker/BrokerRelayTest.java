package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerRelayTest {
    private static final Duration TIMEOUT = Duration.ofMillis(10);

    /** Hands out prepared batches and records the calls, in order. */
    private static final class FakeConsumer implements BrokerConsumer {
        final Deque<MessageBatch> batches = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        final List<BrokerPosition> committed = new ArrayList<>();
        final List<MessageBatch> rewound = new ArrayList<>();

        FakeConsumer(MessageBatch... batches) {
            this.batches.addAll(List.of(batches));
        }

        @Override
        public MessageBatch poll(Duration timeout) {
            calls.add("poll");
            MessageBatch next = batches.poll();
            return next != null ? next : MessageBatch.EMPTY;
        }

        @Override
        public void commit(BrokerPosition end) {
            calls.add("commit");
            committed.add(end);
        }

        @Override
        public void rewind(MessageBatch batch) {
            calls.add("rewind");
            rewound.add(batch);
            batches.addFirst(batch);
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public long lag() {
            return 0;
        }

        @Override
        public void wakeup() {}

        @Override
        public void close() {}
    }

    private static Message msg(String id, String channel, String origin) {
        return new Message(id, channel, "e", "{}", 1L, origin, null);
    }

    private static MessageBatch batch(Message... messages) {
        return batch(1, messages);
    }

    private static MessageBatch batch(long start, Message... messages) {
        return new MessageBatch(
                List.of(messages),
                new BrokerPosition(Map.of("t-0", start)),
                new BrokerPosition(Map.of("t-0", start + messages.length)));
    }

    private static BrokerRelay relay(FakeConsumer consumer, String... globs) {
        return new BrokerRelay(consumer, "me", List.of(globs));
    }

    @Test
    void ownOriginMessagesAreDropped() {
        Message mine = msg("1", "news", "me");
        Message theirs = msg("2", "news", "other");
        Message foreign = msg("3", "news", Envelope.FOREIGN_ORIGIN);
        MessageBatch b = batch(mine, theirs, foreign);
        FakeConsumer consumer = new FakeConsumer(b);
        List<List<Message>> delivered = new ArrayList<>();

        assertSame(b, relay(consumer).relay(TIMEOUT, delivered::add));
        assertEquals(List.of(List.of(theirs, foreign)), delivered);
        assertEquals(List.of(b.end()), consumer.committed);
    }

    @Test
    void channelGlobsFilter() {
        Message user1 = msg("1", "user.1", "other");
        Message news = msg("2", "news", "other");
        Message user22 = msg("3", "user.22", "other");
        Message userBare = msg("4", "user", "other");
        List<List<Message>> delivered = new ArrayList<>();
        BrokerRelay relay = relay(new FakeConsumer(batch(user1, news, user22, userBare)), "user.*");

        assertEquals(List.of(user1, user22), relay.keep(batch(user1, news, user22, userBare)));
        relay.relay(TIMEOUT, delivered::add);
        assertEquals(List.of(List.of(user1, user22)), delivered);
    }

    @Test
    void emptyGlobsKeepEveryChannel() {
        Message a = msg("1", "user.1", "other");
        Message b = msg("2", "news", "other");
        Message c = msg("3", "presence-room", "other");
        assertEquals(List.of(a, b, c), relay(new FakeConsumer()).keep(batch(a, b, c)));
    }

    @Test
    void batchWithNothingToKeepIsCommittedWithoutDelivering() {
        MessageBatch b = batch(msg("1", "news", "me"), msg("2", "other", "x"));
        FakeConsumer consumer = new FakeConsumer(b);
        List<List<Message>> delivered = new ArrayList<>();

        relay(consumer, "user.*").relay(TIMEOUT, delivered::add);
        assertTrue(delivered.isEmpty());
        assertEquals(List.of("poll", "commit"), consumer.calls);
        assertEquals(List.of(b.end()), consumer.committed);
    }

    @Test
    void commitComesOnlyAfterDeliverReturned() {
        MessageBatch b = batch(msg("1", "news", "other"));
        FakeConsumer consumer = new FakeConsumer(b);
        relay(consumer).relay(TIMEOUT, kept -> {
            assertTrue(consumer.committed.isEmpty(), "committed before delivery finished");
            consumer.calls.add("deliver");
        });

        assertEquals(List.of("poll", "deliver", "commit"), consumer.calls);
        assertEquals(b.end(), consumer.committed.get(0));
    }

    @Test
    void deliverFailureRewindsTheSameBatchAndPropagates() {
        Message m = msg("1", "news", "other");
        MessageBatch b = batch(m);
        FakeConsumer consumer = new FakeConsumer(b);
        IllegalStateException boom = new IllegalStateException("delivery failed");
        List<List<Message>> delivered = new ArrayList<>();
        boolean[] fail = {true};
        BrokerRelay relay = relay(consumer);
        Consumer<List<Message>> deliver = kept -> {
            if (fail[0]) {
                throw boom;
            }
            delivered.add(kept);
        };

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> relay.relay(TIMEOUT, deliver));
        assertSame(boom, thrown);
        assertEquals(List.of("poll", "rewind"), consumer.calls);
        assertEquals(1, consumer.rewound.size());
        assertSame(b, consumer.rewound.get(0));
        assertTrue(consumer.committed.isEmpty());

        // the next step delivers the rewound batch and commits it
        fail[0] = false;
        assertSame(b, relay.relay(TIMEOUT, deliver));
        assertEquals(List.of(List.of(m)), delivered);
        assertEquals(List.of(b.end()), consumer.committed);
    }

    @Test
    void emptyPollDeliversNothing() {
        FakeConsumer consumer = new FakeConsumer();
        List<List<Message>> delivered = new ArrayList<>();

        assertTrue(relay(consumer).relay(TIMEOUT, delivered::add).isEmpty());
        assertTrue(delivered.isEmpty());
        assertEquals(List.of("poll"), consumer.calls);
        assertTrue(consumer.committed.isEmpty());
        assertTrue(consumer.rewound.isEmpty());
    }

    @Test
    void theJobsSplitStepsCommitTheEndOfEveryBatchInHandOnce() {
        MessageBatch first = batch(1, msg("1", "news", "other"), msg("2", "news", "other"));
        MessageBatch second = batch(3, msg("3", "news", "other"));
        FakeConsumer consumer = new FakeConsumer(first, second);
        BrokerRelay relay = relay(consumer);

        assertSame(first, relay.poll(TIMEOUT));
        assertSame(second, relay.poll(TIMEOUT));
        relay.delivered();
        relay.delivered(); // nothing in hand any more
        assertEquals(List.of(second.end()), consumer.committed, "the position after the last batch");
        assertTrue(relay.poll(TIMEOUT).isEmpty());
        relay.delivered();
        assertEquals(List.of("poll", "poll", "commit", "poll"), consumer.calls, "an empty poll commits nothing");
    }

    @Test
    void aFailedChunkRewindsEveryBatchInHandLastFirstAndCommitsNothing() {
        MessageBatch first = batch(1, msg("1", "news", "other"));
        MessageBatch second = batch(2, msg("2", "news", "other"));
        FakeConsumer consumer = new FakeConsumer(first, second);
        BrokerRelay relay = relay(consumer);

        relay.poll(TIMEOUT);
        relay.poll(TIMEOUT);
        relay.failed();
        relay.delivered();
        assertEquals(List.of(second, first), consumer.rewound, "so the first batch ends up in front");
        assertTrue(consumer.committed.isEmpty());
        assertSame(first, relay.poll(TIMEOUT), "the next poll starts again at the first batch");
    }

    @ParameterizedTest(name = "globs {0} match channel {1}: {2}")
    @CsvSource({
        "user.*, user.1, true",
        "user.*, user., true",
        "user.*, news, false",
        "user.*, xuser.1, false",
        "user.*, user, false",
        "*, anything, true",
        "news, news, true",
        "news, news.1, false",
        "private-*-chat, private-a-chat, true",
        "private-*-chat, private-a-chatx, false",
        "a.b, aXb, false",
        "'user.*;news', news, true",
        "'user.*;news', user.7, true",
        "'user.*;news', presence-x, false"
    })
    void channelFilterMatchesAnyGlob(String globs, String channel, boolean expected) {
        Predicate<String> filter = BrokerRelay.channelFilter(List.of(globs.split(";")));
        assertEquals(expected, filter.test(channel));
    }

    @Test
    void channelFilterWithoutGlobsAcceptsEverything() {
        Predicate<String> filter = BrokerRelay.channelFilter(List.of());
        assertTrue(filter.test("news"));
        assertTrue(filter.test(""));
        assertTrue(filter.test("private-*"));
        assertFalse(BrokerRelay.channelFilter(List.of("x")).test("news"));
    }
}
