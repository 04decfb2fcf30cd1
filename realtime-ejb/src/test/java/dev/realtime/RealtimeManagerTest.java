package dev.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.NoneBroker;
import dev.realtime.channel.ChannelNames;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The public facade: each method reaches the node's behaviour (which {@code RealtimeNodeTest}
 * covers in depth), and publishing happens exactly where the documentation says.
 */
class RealtimeManagerTest {

    /** Records what it is asked to publish. */
    private static final class RecordingBroker implements Broker {
        final List<Message> published = new CopyOnWriteArrayList<>();
        private final NoneBroker none = new NoneBroker();

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
            return none.stats();
        }

        @Override
        public BrokerConsumer consumer(ConsumerOptions options) {
            return none.consumer(options);
        }

        @Override
        public void close() {}
    }

    private final RecordingBroker broker = new RecordingBroker();
    private final RealtimeManager manager = new RealtimeManager(new RealtimeNode(RealtimeSettings.defaults(), broker));

    @Test
    void broadcastDeliversLocallyAndPublishes() {
        try (MemoryClient client = manager.memory().connect().subscribe("news")) {
            Message sent = manager.broadcast("news", "headline", "hello");
            Message toOthers = manager.broadcast("news", "headline", "again", "no-such-socket");
            List<Message> many = manager.broadcast(List.of("news", "sport"), "score", 1, null);

            assertEquals(List.of(sent, toOthers, many.get(0)), client.drain());
            assertEquals(List.of(sent, toOthers, many.get(0), many.get(1)), broker.published);
        }
    }

    @Test
    void broadcastLocalNeverPublishes() {
        try (MemoryClient client = manager.memory().connect().subscribe("news")) {
            Message made = manager.broadcastLocal("news", "local", "x");
            Message received = new Message("m-1", "news", "remote", "1", 0L, "other-node", null);
            manager.broadcastLocal(received);

            assertEquals(List.of(made, received), client.drain());
            assertTrue(broker.published.isEmpty());
        }
    }

    @Test
    void channelQueriesAndConnectionCountsAreThisNodes() {
        try (MemoryClient client = manager.memory().connect().subscribe("news")) {
            assertEquals(1, manager.channel("news").getSubscriberCount());
            assertEquals(Set.of("news"), manager.occupiedChannels());
            assertEquals(1, manager.getConnectionCount());
            assertTrue(manager.getUserConnections("nobody").isEmpty());
        }
        assertEquals(0, manager.getConnectionCount());
        assertThrows(RealtimeException.class, () -> manager.channel("bad name"));
    }

    @Test
    void brokerIsTheConfiguredOne() {
        assertSame(broker, manager.broker());
        assertSame(broker, manager.broker("recording"));
        RealtimeException e = assertThrows(RealtimeException.class, () -> manager.broker("kafka"));
        assertEquals("unknown_broker", e.code());
        assertEquals(broker.stats().broker(), manager.brokerStats().broker());
    }
}
