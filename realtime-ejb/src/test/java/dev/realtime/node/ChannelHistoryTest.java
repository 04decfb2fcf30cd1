package dev.realtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.RealtimeManager;
import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.message.Message;
import dev.realtime.testing.TestTransactionRegistry;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code RealtimeManager.history} and how broadcasts get their positions, on broker {@code none}. */
class ChannelHistoryTest {

    private static RealtimeManager manager(Broker broker, String... keyValues) {
        return new RealtimeManager(node(broker, keyValues));
    }

    private static RealtimeNode node(Broker broker, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.cluster.replication", "false");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new RealtimeNode(RealtimeSettings.from(values), broker);
    }

    private static List<Long> offsets(HistoryPage page) {
        return page.messages().stream().map(m -> m.position().offset()).toList();
    }

    @Test
    void historyChannelsKeepTheirMessagesWithConsecutivePositions() throws Exception {
        RealtimeManager m =
                manager(new NoneBroker(), "realtime.history.channels", "orders.*", "realtime.history.size", "3");
        try (MemoryClient client = m.memory().connect().subscribe("orders.1")) {
            Message first = m.broadcast("orders.1", "e", 1);
            assertEquals(1, first.position().offset(), "returned with its position");
            Message delivered = client.poll(Duration.ofSeconds(5));
            assertEquals(first.position(), delivered.position(), "delivered with the same position");
        }
        m.broadcast("orders.1", "e", 2);
        m.broadcast("orders.1", "e", 3);
        m.broadcast("orders.1", "e", 4);
        assertNull(m.broadcast("news", "e", 0).position(), "another channel keeps nothing");

        HistoryPage all = m.history("orders.1", null, 10);
        assertEquals(List.of(2L, 3L, 4L), offsets(all));
        assertEquals(
                List.of("2", "3", "4"),
                all.messages().stream().map(Message::data).toList());
        assertTrue(all.complete());
        assertEquals(4, all.position().offset());

        HistoryPosition at2 = all.messages().get(0).position();
        HistoryPage after2 = m.history("orders.1", at2, 1);
        assertEquals(List.of(3L), offsets(after2), "limit");
        assertTrue(after2.complete());
        HistoryPage gap = m.history("orders.1", new HistoryPosition(0, at2.epoch()), 10);
        assertFalse(gap.complete(), "offset 1 is no longer kept");
        assertFalse(m.history("orders.1", new HistoryPosition(3, "other"), 10).complete(), "another epoch");
    }

    @Test
    void aChannelThatKeepsNothingAndABadLimitAreRefused() {
        RealtimeManager m = manager(new NoneBroker(), "realtime.history.channels", "orders.*");
        assertEquals(
                "no_history",
                assertThrows(RealtimeException.class, () -> m.history("news", null, 1))
                        .code());
        assertEquals(
                "invalid_limit",
                assertThrows(RealtimeException.class, () -> m.history("orders.1", null, 0))
                        .code());
        assertEquals(
                "invalid_limit",
                assertThrows(RealtimeException.class, () -> m.history("orders.1", null, 1001))
                        .code());
        assertEquals(
                "invalid_channel",
                assertThrows(RealtimeException.class, () -> m.history("bad name", null, 1))
                        .code());
        HistoryPage empty = m.history("orders.1", null, 1000);
        assertEquals(List.of(), empty.messages());
        assertNull(empty.position());
        assertTrue(empty.complete());
    }

    @Test
    void cacheChannelsKeepTheirLastMessageWithoutHistorySettings() {
        RealtimeNode node = node(new NoneBroker());
        RealtimeManager m = new RealtimeManager(node);
        ChannelHistory history = node.channelHistory();
        for (String channel : List.of("cache-x", "private-cache-x", "presence-cache-x")) {
            assertTrue(history.cached(channel).isEmpty(), channel);
            m.broadcast(channel, "e", 1);
            m.broadcast(channel, "e", 2);
            assertEquals("2", history.cached(channel).orElseThrow().data(), channel);
            assertEquals(List.of(2L), offsets(m.history(channel, null, 10)), "one kept");
        }
        assertEquals(
                "no_history",
                assertThrows(RealtimeException.class, () -> m.history("x-cache-y", null, 1))
                        .code());
    }

    @Test
    void aTransactionsBroadcastIsKeptOnlyOnceItCommits() {
        TestTransactionRegistry tx = new TestTransactionRegistry();
        RealtimeManager m = new RealtimeManager(new RealtimeNode(
                RealtimeSettings.from(
                        Map.of("realtime.history.channels", "*", "realtime.cluster.replication", "false")),
                new NoneBroker(),
                new CallerTransaction(tx)));
        tx.begin();
        Message inside = m.broadcast("news", "e", 1);
        assertNull(inside.position(), "not yet appended");
        assertEquals(List.of(), m.history("news", null, 10).messages());
        tx.rollback();
        assertEquals(List.of(), m.history("news", null, 10).messages(), "nothing on rollback");
        tx.begin();
        m.broadcast("news", "e", 2);
        tx.commit();
        assertEquals(List.of(1L), offsets(m.history("news", null, 10)));
    }

    @Test
    void aBrokerWithoutHistoryRefusesHistoryChannelsAndKeepsCacheChannelsLocally() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> manager(new PlainBroker(), "realtime.history.channels", "*"));
        assertTrue(refused.getMessage().contains("realtime.history.channels"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[none, redis]"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'plain'"), refused.getMessage());

        PlainBroker broker = new PlainBroker();
        RealtimeNode node = node(broker);
        RealtimeManager m = new RealtimeManager(node);
        m.broadcast("cache-x", "e", 1);
        m.broadcastLocal(new Message("r1", "cache-x", "e", "2", 1L, "node-b", null)); // from another node
        assertEquals("2", node.channelHistory().cached("cache-x").orElseThrow().data());
        assertNull(broker.published.get(0).position(), "node-local positions never go on the wire");
        assertEquals(
                "{\"store\":\"memory\",\"failures\":0}", node.channelHistory().healthJson());
    }

    @Test
    void badHistorySettingsFailTheNode() {
        for (String[] bad : List.of(
                new String[] {"realtime.history.size", "10001"},
                new String[] {"realtime.history.ttl", "0"},
                new String[] {"realtime.history.ttl", "P8D"},
                new String[] {"realtime.history.ttl", "soon"})) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> manager(new NoneBroker(), bad));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class,
                () -> manager(new NoneBroker(), "realtime.history.size", "0", "realtime.history.channels", "*"));
        assertTrue(zero.getMessage().contains("realtime.history.size"), zero.getMessage());
        RealtimeManager iso =
                manager(new NoneBroker(), "realtime.history.ttl", "PT10M", "realtime.history.channels", "a");
        iso.broadcast("a", "e", 1);
        assertEquals(List.of(1L), offsets(iso.history("a", null, 1)), "an ISO-8601 ttl");
    }

    /** A broker that keeps no history (like Kafka, RabbitMQ, NATS, PostgreSQL so far); records publishes. */
    private static final class PlainBroker implements Broker {
        final List<Message> published = new CopyOnWriteArrayList<>();
        private final NoneBroker none = new NoneBroker();

        @Override
        public String name() {
            return "plain";
        }

        @Override
        public void publish(Message message) {
            published.add(message);
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public BrokerStats stats() {
            return none.stats();
        }

        @Override
        public BrokerConsumer consumer(ConsumerOptions options) {
            return none.consumer(options);
        }

        @Override
        public void close() {}
    }
}
