package dev.realtime.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.NoneBroker;
import dev.realtime.channel.Channel;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelType;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.CountingFormat;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.RecordingConnection;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
import dev.realtime.testing.Concurrently;
import dev.realtime.transport.memory.MemoryClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RealtimeNodeTest {

    /** Records what it is asked to publish. */
    static class RecordingBroker implements Broker {
        final List<Message> published = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void publish(Message message) {
            if (!message.channel().equals(ChannelNames.CLUSTER_CHANNEL)) { // the nodes' own: see ClusterTest
                published.add(message);
            }
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public BrokerStats stats() {
            return new BrokerStats(name(), true, published.size(), 0, 0, 0, 0, -1);
        }

        @Override
        public BrokerConsumer consumer(ConsumerOptions options) {
            throw new UnsupportedOperationException("publish-only test broker");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** A broker that is down and (against the contract) throws. */
    static final class FailingBroker implements Broker {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public void publish(Message message) {
            attempts.incrementAndGet();
            throw new IllegalStateException("broker is down");
        }

        @Override
        public boolean isConnected() {
            return false;
        }

        @Override
        public BrokerStats stats() {
            return new BrokerStats(name(), false, 0, 0, attempts.get(), 0, 0, -1);
        }

        @Override
        public BrokerConsumer consumer(ConsumerOptions options) {
            throw new UnsupportedOperationException("publish-only test broker");
        }

        @Override
        public void close() {}
    }

    private static RealtimeSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", "test-node");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return RealtimeSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    private final RealtimeNode manager = new RealtimeNode(RealtimeSettings.defaults(), new NoneBroker());

    private static JsonObject object(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void broadcastToSeveralChannelsSendsOneMessageEachAndPublishesEach() throws Exception {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode withBroker = new RealtimeNode(RealtimeSettings.defaults(), broker);
        try (MemoryClient news = withBroker.memory().connect().subscribe("news");
                MemoryClient sport = withBroker.memory().connect().subscribe("sport")) {
            List<Message> sent =
                    withBroker.broadcast(List.of("news", "sport"), "score", new RawJson("{\"goals\":2}"), null);

            assertEquals(2, sent.size());
            assertEquals(
                    List.of("news", "sport"),
                    sent.stream().map(Message::channel).toList());
            assertEquals("news", news.poll(Duration.ofSeconds(5)).channel());
            assertEquals("sport", sport.poll(Duration.ofSeconds(5)).channel());
            assertEquals(sent, broker.published);
        }
    }

    @Test
    void broadcastToSeveralChannelsSendsNothingWhenOneNameIsInvalid() {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode withBroker = new RealtimeNode(RealtimeSettings.defaults(), broker);
        try (MemoryClient news = withBroker.memory().connect().subscribe("news")) {
            RealtimeException e = assertThrows(
                    RealtimeException.class,
                    () -> withBroker.broadcast(List.of("news", "bad channel"), "e", "x", null));
            assertEquals("invalid_channel", e.code());
            assertTrue(news.drain().isEmpty());
            assertTrue(broker.published.isEmpty());
        }
    }

    // ---- fan-out ----

    @Test
    void broadcastReachesSubscribersOfThatChannelOnly() {
        MemoryClient news = manager.memory().connect().subscribe("news");
        MemoryClient sport = manager.memory().connect().subscribe("sport");
        MemoryClient both = manager.memory().connect().subscribe("news").subscribe("sport");
        MemoryClient none = manager.memory().connect();

        Message m = manager.broadcast("news", "headline", "hello");

        assertEquals(List.of(m), news.drain());
        assertEquals(List.of(m), both.drain());
        assertEquals(List.of(), sport.drain());
        assertEquals(List.of(), none.drain());

        Message s = manager.broadcast("sport", "score", 1);
        assertEquals(List.of(s), sport.drain());
        assertEquals(List.of(s), both.drain());
        assertEquals(List.of(), news.drain());
    }

    @Test
    void recipientsGetTheSameMessageInstance() throws Exception {
        MemoryClient a = manager.memory().connect().subscribe("news");
        MemoryClient b = manager.memory().connect().subscribe("news");
        Message m = manager.broadcast("news", "e", "x");
        assertSame(m, a.poll(Duration.ofSeconds(5)));
        assertSame(m, b.poll(Duration.ofSeconds(5)));
    }

    @Test
    void broadcastToAnEmptyChannelIsFine() {
        Message m = manager.broadcast("nobody-here", "e", "x");
        assertNotNull(m);
        assertEquals(0, manager.deliveredCount());
        assertFalse(manager.occupiedChannels().contains("nobody-here"));
    }

    @Test
    void exceptSocketIdSkipsOnlyThatSocket() {
        MemoryClient sender = manager.memory().connect().subscribe("chat");
        MemoryClient other = manager.memory().connect().subscribe("chat");
        MemoryClient third = manager.memory().connect().subscribe("chat");

        Message m = manager.broadcast("chat", "said", "hi", sender.id());
        assertEquals(sender.id(), m.exceptSocketId());
        assertEquals(List.of(), sender.drain());
        assertEquals(List.of(m), other.drain());
        assertEquals(List.of(m), third.drain());
        assertEquals(2, manager.deliveredCount());

        Message unknown = manager.broadcast("chat", "said", "hi", "123.456");
        assertEquals(List.of(unknown), sender.drain());
        assertEquals(List.of(unknown), other.drain());

        Message toAll = manager.broadcast("chat", "said", "hi", null);
        assertNull(toAll.exceptSocketId());
        assertEquals(List.of(toAll), sender.drain());
    }

    @Test
    void doubleSubscribeDeliversOnce() {
        MemoryClient client = manager.memory().connect().subscribe("news").subscribe("news");
        assertEquals(1, manager.channel("news").getSubscriberCount());
        Message m = manager.broadcast("news", "e", "x");
        assertEquals(List.of(m), client.drain());
    }

    @Test
    void unsubscribeStopsDelivery() {
        MemoryClient client = manager.memory().connect().subscribe("news").subscribe("sport");
        manager.broadcast("news", "e", 1);
        assertEquals(1, client.drain().size());

        client.unsubscribe("news");
        manager.broadcast("news", "e", 2);
        assertEquals(List.of(), client.drain());
        Message sport = manager.broadcast("sport", "e", 3);
        assertEquals(List.of(sport), client.drain(), "other subscriptions are kept");

        client.unsubscribe("news"); // harmless
        client.unsubscribe("never-subscribed");
        client.subscribe("news");
        Message again = manager.broadcast("news", "e", 4);
        assertEquals(List.of(again), client.drain());
    }

    @Test
    void countsGoUpAndDown() {
        Channel news = manager.channel("news");
        assertEquals(0, manager.getConnectionCount());
        assertEquals(0, news.getSubscriberCount());
        assertFalse(news.isOccupied());

        MemoryClient alice1 = manager.memory().connect("alice");
        MemoryClient alice2 = manager.memory().connect("alice");
        MemoryClient bob = manager.memory().connect("bob");
        MemoryClient anonymous = manager.memory().connect();
        assertEquals(4, manager.getConnectionCount());
        assertEquals(Set.of(alice1, alice2), Set.copyOf(manager.getUserConnections("alice")));
        assertEquals(List.of(bob), List.copyOf(manager.getUserConnections("bob")));
        assertTrue(manager.getUserConnections("carol").isEmpty());
        assertEquals(0, news.getSubscriberCount());

        alice1.subscribe("news");
        bob.subscribe("news");
        anonymous.subscribe("news");
        assertEquals(3, news.getSubscriberCount());
        assertTrue(news.isOccupied());
        assertEquals(3, manager.channel("news").getSubscriberCount());

        anonymous.unsubscribe("news");
        assertEquals(2, news.getSubscriberCount());
        assertEquals(4, manager.getConnectionCount(), "unsubscribing does not disconnect");

        alice1.close();
        assertEquals(3, manager.getConnectionCount());
        assertEquals(1, news.getSubscriberCount());
        assertEquals(List.of(alice2), List.copyOf(manager.getUserConnections("alice")));
        alice1.close(); // idempotent
        assertEquals(3, manager.getConnectionCount());

        alice2.close();
        bob.close();
        anonymous.close();
        assertEquals(0, manager.getConnectionCount());
        assertEquals(0, news.getSubscriberCount());
        assertTrue(manager.getUserConnections("alice").isEmpty());
        assertTrue(manager.getUserConnections("bob").isEmpty());
    }

    @Test
    void emptyChannelDisappearsFromOccupiedChannels() {
        assertTrue(manager.occupiedChannels().isEmpty());
        MemoryClient a = manager.memory().connect().subscribe("news").subscribe("sport");
        MemoryClient b = manager.memory().connect().subscribe("news");
        assertEquals(Set.of("news", "sport"), Set.copyOf(manager.occupiedChannels()));

        a.unsubscribe("sport");
        assertEquals(Set.of("news"), Set.copyOf(manager.occupiedChannels()));
        a.close();
        assertEquals(Set.of("news"), Set.copyOf(manager.occupiedChannels()));
        b.close();
        assertTrue(manager.occupiedChannels().isEmpty());
    }

    @Test
    void channelView() {
        Channel view = manager.channel("private-orders");
        assertEquals("private-orders", view.getName());
        assertEquals(ChannelType.PRIVATE, view.getType());
        assertEquals(ChannelType.PRESENCE, manager.channel("presence-room").getType());
        assertEquals(ChannelType.PRIVATE, manager.channel("user.42").getType());
        assertEquals(ChannelType.PUBLIC, manager.channel("users").getType());
        RealtimeException e = assertThrows(RealtimeException.class, () -> manager.channel("bad name"));
        assertEquals("invalid_channel", e.code());
    }

    @Test
    void channelsPerConnectionLimit() {
        RealtimeNode limited =
                new RealtimeNode(settings("realtime.limits.channels-per-connection", "2"), new NoneBroker());
        MemoryClient client = limited.memory().connect().subscribe("a").subscribe("b");
        RealtimeException e = assertThrows(RealtimeException.class, () -> client.subscribe("c"));
        assertEquals("too_many_channels", e.code());
        assertEquals(0, limited.channel("c").getSubscriberCount());
        assertDoesNotThrow(() -> client.subscribe("a"), "an existing subscription does not count twice");

        Message m = limited.broadcast("c", "e", 1);
        assertEquals(List.of(), client.drain());
        assertNotNull(m);

        client.unsubscribe("a").subscribe("c");
        Message n = limited.broadcast("c", "e", 2);
        assertEquals(List.of(n), client.drain());
    }

    @Test
    void subscribingToAnInvalidChannelFails() {
        MemoryClient client = manager.memory().connect();
        for (String bad : List.of("", "has space", "x".repeat(165), "é")) {
            RealtimeException e = assertThrows(RealtimeException.class, () -> client.subscribe(bad));
            assertEquals("invalid_channel", e.code());
        }
        assertTrue(manager.occupiedChannels().isEmpty());
    }

    // ---- invalid input ----

    static Stream<Arguments> invalidBroadcasts() {
        return Stream.of(
                Arguments.of("", "e", "x", "invalid_channel"),
                Arguments.of(null, "e", "x", "invalid_channel"),
                Arguments.of("bad channel", "e", "x", "invalid_channel"),
                Arguments.of("news#1", "e", "x", "invalid_channel"),
                Arguments.of("x".repeat(165), "e", "x", "invalid_channel"),
                Arguments.of("news", "", "x", "invalid_event"),
                Arguments.of("news", null, "x", "invalid_event"),
                Arguments.of("news", "has space", "x", "invalid_event"),
                Arguments.of("news", "pusher:subscribe", "x", "invalid_event"),
                Arguments.of("news", "pusher_internal:member_added", "x", "invalid_event"),
                Arguments.of("news", "e".repeat(201), "x", "invalid_event"),
                Arguments.of("news", "e", new RawJson("{"), "invalid_payload"),
                Arguments.of("news", "e", new RawJson("{} trailing"), "invalid_payload"),
                Arguments.of("news", "e", new RawJson(""), "invalid_payload"),
                Arguments.of("news", "e", Double.NaN, "invalid_payload"),
                Arguments.of("news", "e", "x".repeat(10239), "payload_too_large"),
                Arguments.of("news", "e", "😀".repeat(2560), "payload_too_large"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("invalidBroadcasts")
    void invalidInputRaisesAndDeliversNothing(String channel, String event, Object data, String code) {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode m = new RealtimeNode(settings(), broker);
        MemoryClient client = m.memory().connect().subscribe("news");
        Message before = m.broadcastLocal("news", "before", 0);
        client.drain();

        RealtimeException e = assertThrows(RealtimeException.class, () -> m.broadcast(channel, event, data));
        assertEquals(code, e.code());
        RealtimeException local = assertThrows(RealtimeException.class, () -> m.broadcastLocal(channel, event, data));
        assertEquals(code, local.code());

        assertEquals(List.of(), client.drain());
        assertEquals(List.of(), broker.published);
        assertEquals(0, m.publishFailureCount());
        assertEquals(1, m.deliveredCount());
        assertEquals(Optional.of(List.of()), m.history().after(before.id(), x -> true), "nothing recorded");
    }

    @Test
    void payloadExactlyAtTheLimitIsAccepted() {
        MemoryClient client = manager.memory().connect().subscribe("news");
        String text = "😀".repeat(2559) + "xx"; // 2 quotes + 2559 * 4 + 2 = 10240 bytes
        Message m = manager.broadcast("news", "e", text);
        assertEquals(List.of(m), client.drain());
    }

    // ---- brokers ----

    @Test
    void brokerByName() {
        assertEquals("none", manager.broker().name());
        assertSame(manager.broker(), manager.broker("none"));
        for (String name : List.of("kafka", "redis", "", "NONE")) {
            RealtimeException e = assertThrows(RealtimeException.class, () -> manager.broker(name));
            assertEquals("unknown_broker", e.code());
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("none"), e.getMessage());
        }
        assertEquals(
                "unknown_broker",
                assertThrows(RealtimeException.class, () -> manager.broker(null))
                        .code());
    }

    @Test
    void constructorWithSettingsCreatesTheConfiguredBroker() {
        RealtimeNode m = new RealtimeNode(settings());
        assertEquals("none", m.broker().name());
        RealtimeException e = assertThrows(
                RealtimeException.class, () -> new RealtimeNode(settings("realtime.broker", "carrier-pigeon")));
        assertEquals("unknown_broker", e.code());
        assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    }

    @Test
    void broadcastPublishesTheMessageOnce() {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode m = new RealtimeNode(settings(), broker);
        assertSame(broker, m.broker());
        assertSame(broker, m.broker("recording"));

        Message sent = m.broadcast("news", "e", "x");
        assertEquals(1, broker.published.size());
        assertSame(sent, broker.published.get(0));
        assertEquals(0, m.publishFailureCount());

        Message toOthers = m.broadcast("news", "e", "x", "1.2");
        assertSame(toOthers, broker.published.get(1));
        assertEquals("1.2", broker.published.get(1).exceptSocketId(), "other nodes must skip the sender too");
        assertEquals(2, broker.published.size());
    }

    @Test
    void broadcastLocalNeverPublishes() {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode m = new RealtimeNode(settings(), broker);
        MemoryClient client = m.memory().connect().subscribe("news");

        Message local = m.broadcastLocal("news", "e", "x");
        assertEquals(List.of(local), client.drain());

        Message remote = new Message("remote-1", "news", "e", "\"y\"", 1L, "other-node", null);
        m.broadcastLocal(remote);
        assertSame(remote, client.drain().get(0));

        Message remoteToOthers = new Message("remote-2", "news", "e", "1", 2L, "other-node", client.id());
        m.broadcastLocal(remoteToOthers);
        assertEquals(List.of(), client.drain(), "exceptSocketId is honoured for remote messages");

        assertEquals(List.of(), broker.published);
        assertEquals(Optional.of(List.of(remote, remoteToOthers)), m.history().after(local.id(), x -> true));
    }

    @Test
    void failingBrokerDoesNotBreakBroadcast() {
        FailingBroker broker = new FailingBroker();
        // the nodes' own messages off: the broker is asked for the broadcasts only
        RealtimeNode m = new RealtimeNode(settings("realtime.cluster.replication", "false"), broker);
        MemoryClient client = m.memory().connect().subscribe("news");

        Message first = assertDoesNotThrow(() -> m.broadcast("news", "e", "x"));
        assertEquals(List.of(first), client.drain(), "local delivery still happens");
        assertEquals(1, m.publishFailureCount());
        assertEquals(1, broker.attempts.get());

        Message second = m.broadcast("news", "e", "y");
        assertEquals(List.of(second), client.drain());
        assertEquals(2, m.publishFailureCount());
        assertEquals(2, broker.attempts.get());
        assertEquals(2, m.deliveredCount());
    }

    @Test
    void shutdownClosesTheBroker() {
        RecordingBroker broker = new RecordingBroker();
        RealtimeNode m = new RealtimeNode(settings(), broker);
        m.shutdown();
        assertEquals(1, broker.closes.get());
    }

    // ---- slow clients and failing connections ----

    @Test
    void slowClientIsDisconnectedWith4100AndOthersStillReceive() {
        RealtimeNode m = new RealtimeNode(settings("realtime.limits.outbound-queue", "2"), new NoneBroker());
        assertEquals(2, m.settings().outboundQueueLimit());
        MemoryClient slow = m.memory().connect("slowpoke").subscribe("news").subscribe("sport");
        MemoryClient fast = m.memory().connect().subscribe("news");
        assertEquals(2, m.getConnectionCount());

        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sent.add(m.broadcast("news", "e", i));
            assertEquals(List.of(sent.get(i)), fast.drain());
        }
        assertEquals(0, slow.closeCode(), "within the limit");
        assertEquals(2, m.channel("news").getSubscriberCount());

        Message overflow = m.broadcast("news", "e", 2);
        assertEquals(List.of(overflow), fast.drain());
        assertEquals(4100, slow.closeCode());
        assertEquals(1, m.getConnectionCount());
        assertEquals(1, m.channel("news").getSubscriberCount());
        assertEquals(0, m.channel("sport").getSubscriberCount(), "every subscription is dropped");
        assertTrue(m.getUserConnections("slowpoke").isEmpty());

        Message after = m.broadcast("news", "e", 3);
        assertEquals(List.of(after), fast.drain());
        assertEquals(sent, slow.drain(), "the slow client keeps only what fitted");

        slow.subscribe("news"); // a late subscribe must not resurrect the closed client
        assertEquals(1, m.channel("news").getSubscriberCount());
        m.broadcast("news", "e", 4);
        assertEquals(List.of(), slow.drain());
    }

    @Test
    void aThrowingConnectionDoesNotStopTheOthers() {
        Connection broken = new RecordingConnection("9.9") {
            @Override
            public void deliver(Delivery delivery) {
                throw new IllegalStateException("broken pipe");
            }
        };
        MemoryClient before = manager.memory().connect().subscribe("news");
        Registration registration = manager.register(broken);
        registration.subscribe("news");
        MemoryClient after = manager.memory().connect().subscribe("news");

        Message m = assertDoesNotThrow(() -> manager.broadcast("news", "e", "x"));
        assertEquals(List.of(m), before.drain());
        assertEquals(List.of(m), after.drain());
        assertEquals(2, manager.deliveredCount());
        registration.close();
    }

    @Test
    void registerRefusesADuplicateSocketId() {
        RecordingConnection c = new RecordingConnection("1.1");
        Registration r = manager.register(c);
        assertThrows(IllegalStateException.class, () -> manager.register(new RecordingConnection("1.1")));
        assertEquals(1, manager.getConnectionCount());
        r.close();
        assertEquals(0, manager.getConnectionCount());
    }

    @Test
    void eachMessageIsEncodedOncePerFormatForAllRecipients() {
        List<RecordingConnection> connections = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingConnection c = new RecordingConnection("5." + i) {
                @Override
                public void deliver(Delivery delivery) {
                    delivery.encoded(CountingFormat.FRAME);
                    super.deliver(delivery);
                }
            };
            manager.register(c).subscribe("news");
            connections.add(c);
        }
        Message m = manager.broadcast("news", "e", "x");
        assertEquals(1, CountingFormat.FRAME.encodes(m.id()));
        Delivery shared = connections.get(0).deliveries().get(0);
        for (RecordingConnection c : connections) {
            assertEquals(1, c.deliveries().size());
            assertSame(shared, c.deliveries().get(0), "one Delivery shared by every recipient");
        }
        assertEquals(1, CountingFormat.FRAME.encodes(m.id()));
    }

    // ---- message fields ----

    @Test
    void messageFields() {
        RealtimeNode m = new RealtimeNode(settings(), new NoneBroker());
        long before = System.currentTimeMillis();
        Message message = m.broadcast("news", "App\\Events\\OrderShipped", "hi");
        long after = System.currentTimeMillis();

        assertNotNull(message.id());
        assertFalse(message.id().isEmpty());
        assertEquals("news", message.channel());
        assertEquals("App\\Events\\OrderShipped", message.event());
        assertEquals("\"hi\"", message.data());
        assertEquals("test-node", message.originNodeId());
        assertEquals(m.settings().nodeId(), message.originNodeId());
        assertTrue(message.timestamp() >= before && message.timestamp() <= after, "timestamp " + message.timestamp());
        assertNull(message.exceptSocketId());
    }

    @Test
    void originNodeIdIsTheDefaultNodeId() {
        Message message = manager.broadcast("news", "e", 1);
        assertEquals(manager.settings().nodeId(), message.originNodeId());
        assertFalse(message.originNodeId().isBlank());
    }

    public record Shipment(String order, int parcels) {}

    @Test
    void dataIsJson() {
        assertEquals(
                "\"text with \\\"quotes\\\"\"",
                manager.broadcast("c", "e", "text with \"quotes\"").data());
        assertEquals("null", manager.broadcast("c", "e", null).data());
        assertEquals("42", manager.broadcast("c", "e", 42).data());
        assertEquals("true", manager.broadcast("c", "e", true).data());
        assertEquals(
                "{\"raw\":[1,2]}",
                manager.broadcast("c", "e", new RawJson("{\"raw\":[1,2]}")).data());
        JsonObject shipment =
                object(manager.broadcast("c", "e", new Shipment("o-9", 3)).data());
        assertEquals("o-9", shipment.getString("order"));
        assertEquals(3, shipment.getInt("parcels"));
        JsonObject map =
                object(manager.broadcast("c", "e", Map.of("k", List.of("v"))).data());
        assertEquals("v", map.getJsonArray("k").getString(0));
    }

    @Test
    void messageIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(ids.add(manager.broadcast("news", "e", i).id()));
        }
        assertTrue(ids.add(manager.broadcastLocal("news", "e", 0).id()));
        RealtimeNode other = new RealtimeNode(RealtimeSettings.defaults(), new NoneBroker());
        assertTrue(ids.add(other.broadcast("news", "e", 0).id()), "ids differ between managers");
    }

    @Test
    void historyRecordsBroadcasts() {
        Message first = manager.broadcast("news", "e", 1);
        Message second = manager.broadcast("sport", "e", 2);
        Message third = manager.broadcast("news", "e", 3);
        assertEquals(Optional.of(List.of(second, third)), manager.history().after(first.id(), x -> true));
        assertEquals(Optional.of(List.of(third)), manager.history().after(first.id(), x -> x.channel()
                .equals("news")));
        assertEquals(Optional.empty(), manager.history().after("unknown", x -> true));
    }

    @Test
    void historySizeZeroKeepsNothing() {
        RealtimeNode m = new RealtimeNode(settings("realtime.history.size", "0"), new NoneBroker());
        Message first = m.broadcast("news", "e", 1);
        m.broadcast("news", "e", 2);
        assertEquals(Optional.empty(), m.history().after(first.id(), x -> true));
    }

    // ---- memory transport ----

    @Test
    void memoryClientBasics() throws Exception {
        MemoryClient client = manager.memory().connect("alice");
        assertEquals("memory", client.transport());
        assertEquals("alice", client.userId());
        assertTrue(client.id().matches("\\d+\\.\\d+"), client.id());
        assertNull(manager.memory().connect().userId());
        assertEquals(0, client.closeCode());
        assertNull(client.poll(Duration.ofMillis(1)), "nothing received yet");
        assertEquals(List.of(), client.drain());

        client.subscribe("news");
        Message m = manager.broadcast("news", "e", "x");
        assertSame(m, client.poll(Duration.ofSeconds(5)));
        assertNull(client.poll(Duration.ZERO));
    }

    @Test
    void closedMemoryClientReceivesNothing() {
        MemoryClient client = manager.memory().connect().subscribe("news");
        client.close();
        manager.broadcast("news", "e", "x");
        assertEquals(List.of(), client.drain());
        assertEquals(0, client.closeCode(), "a client-side close carries no server close code");
    }

    @Test
    void serverDisconnect() {
        MemoryClient client = manager.memory().connect().subscribe("news");
        client.disconnect(Disconnect.TERMINATED, "bye");
        assertEquals(4009, client.closeCode());
        assertEquals(0, manager.getConnectionCount());
        assertEquals(0, manager.channel("news").getSubscriberCount());
    }

    @Test
    void socketIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(ids.add(manager.nextSocketId()));
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(ids.add(manager.memory().connect().id()));
        }
    }

    @Test
    void concurrentBroadcastsAreEachDeliveredOnce() throws Exception {
        int threads = 4;
        int perThread = 500;
        RealtimeNode m = new RealtimeNode(settings("realtime.limits.outbound-queue", "100000"), new NoneBroker());
        MemoryClient client = m.memory().connect().subscribe("news");
        MemoryClient other = m.memory().connect().subscribe("sport");
        Set<String> sentIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                sentIds.add(m.broadcast("news", "e", thread * perThread + i).id());
            }
        });
        List<Message> received = client.drain();
        assertEquals(threads * perThread, sentIds.size());
        assertEquals(threads * perThread, received.size());
        Set<String> receivedIds = new HashSet<>();
        for (Message r : received) {
            assertTrue(receivedIds.add(r.id()), "duplicate " + r.id());
        }
        assertEquals(sentIds, receivedIds);
        assertEquals(List.of(), other.drain());
        assertEquals(threads * perThread, m.deliveredCount());
    }
}
