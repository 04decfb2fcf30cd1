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
        final List<MessageBatch> committed = new ArrayList<>();
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
        public void commit(MessageBatch batch) {
            calls.add("commit");
            committed.add(batch);
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
        return new MessageBatch(
                List.of(messages),
                new BrokerPosition(Map.of("t-0", 1L)),
                new BrokerPosition(Map.of("t-0", 1L + messages.length)));
    }

    @Test
    void ownOriginMessagesAreDropped() {
        Message mine = msg("1", "news", "me");
        Message theirs = msg("2", "news", "other");
        Message foreign = msg("3", "news", Envelope.FOREIGN_ORIGIN);
        MessageBatch b = batch(mine, theirs, foreign);
        FakeConsumer consumer = new FakeConsumer(b);
        List<List<Message>> delivered = new ArrayList<>();
        BrokerRelay relay = new BrokerRelay("me", List.of(), delivered::add);

        assertEquals(2, relay.relayOnce(consumer, TIMEOUT));
        assertEquals(List.of(List.of(theirs, foreign)), delivered);
        assertEquals(List.of(b), consumer.committed);
    }

    @Test
    void channelGlobsFilter() {
        Message user1 = msg("1", "user.1", "other");
        Message news = msg("2", "news", "other");
        Message user22 = msg("3", "user.22", "other");
        Message userBare = msg("4", "user", "other");
        List<List<Message>> delivered = new ArrayList<>();
        BrokerRelay relay = new BrokerRelay("me", List.of("user.*"), delivered::add);

        assertEquals(List.of(user1, user22), relay.keep(batch(user1, news, user22, userBare)));
        assertEquals(2, relay.relayOnce(new FakeConsumer(batch(user1, news, user22, userBare)), TIMEOUT));
        assertEquals(List.of(List.of(user1, user22)), delivered);
    }

    @Test
    void emptyGlobsKeepEveryChannel() {
        Message a = msg("1", "user.1", "other");
        Message b = msg("2", "news", "other");
        Message c = msg("3", "presence-room", "other");
        BrokerRelay relay = new BrokerRelay("me", List.of(), kept -> {});
        assertEquals(List.of(a, b, c), relay.keep(batch(a, b, c)));
    }

    @Test
    void batchWithNothingToKeepIsCommittedWithoutDelivering() {
        MessageBatch b = batch(msg("1", "news", "me"), msg("2", "other", "x"));
        FakeConsumer consumer = new FakeConsumer(b);
        List<List<Message>> delivered = new ArrayList<>();
        BrokerRelay relay = new BrokerRelay("me", List.of("user.*"), delivered::add);

        assertEquals(0, relay.relayOnce(consumer, TIMEOUT));
        assertTrue(delivered.isEmpty());
        assertEquals(List.of("poll", "commit"), consumer.calls);
        assertEquals(List.of(b), consumer.committed);
    }

    @Test
    void commitComesOnlyAfterDeliverReturned() {
        MessageBatch b = batch(msg("1", "news", "other"));
        FakeConsumer consumer = new FakeConsumer(b);
        BrokerRelay relay = new BrokerRelay("me", List.of(), kept -> {
            assertTrue(consumer.committed.isEmpty(), "committed before delivery finished");
            consumer.calls.add("deliver");
        });

        assertEquals(1, relay.relayOnce(consumer, TIMEOUT));
        assertEquals(List.of("poll", "deliver", "commit"), consumer.calls);
        assertSame(b, consumer.committed.get(0));
    }

    @Test
    void deliverFailureRewindsTheSameBatchAndPropagates() {
        Message m = msg("1", "news", "other");
        MessageBatch b = batch(m);
        FakeConsumer consumer = new FakeConsumer(b);
        IllegalStateException boom = new IllegalStateException("delivery failed");
        List<List<Message>> delivered = new ArrayList<>();
        boolean[] fail = {true};
        BrokerRelay relay = new BrokerRelay("me", List.of(), kept -> {
            if (fail[0]) {
                throw boom;
            }
            delivered.add(kept);
        });

        IllegalStateException thrown =
                assertThrows(IllegalStateException.class, () -> relay.relayOnce(consumer, TIMEOUT));
        assertSame(boom, thrown);
        assertEquals(List.of("poll", "rewind"), consumer.calls);
        assertEquals(1, consumer.rewound.size());
        assertSame(b, consumer.rewound.get(0));
        assertTrue(consumer.committed.isEmpty());

        // the next step delivers the rewound batch and commits it
        fail[0] = false;
        assertEquals(1, relay.relayOnce(consumer, TIMEOUT));
        assertEquals(List.of(List.of(m)), delivered);
        assertEquals(List.of(b), consumer.committed);
    }

    @Test
    void emptyPollDeliversNothing() {
        FakeConsumer consumer = new FakeConsumer();
        List<List<Message>> delivered = new ArrayList<>();
        BrokerRelay relay = new BrokerRelay("me", List.of(), delivered::add);

        assertEquals(0, relay.relayOnce(consumer, TIMEOUT));
        assertTrue(delivered.isEmpty());
        assertEquals(List.of("poll"), consumer.calls);
        assertTrue(consumer.committed.isEmpty());
        assertTrue(consumer.rewound.isEmpty());
    }

    @ParameterizedTest
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
