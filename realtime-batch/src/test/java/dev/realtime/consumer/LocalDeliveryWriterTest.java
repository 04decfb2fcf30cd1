package dev.realtime.consumer;

import static dev.realtime.consumer.InMemoryBroker.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalDeliveryWriterTest {
    private final InMemoryBroker broker = new InMemoryBroker();
    private final RealtimeNode node = new RealtimeNode(RealtimeSettings.from(Map.of("realtime.node.id", "me")), broker);

    @Test
    void handsEveryKeptMessageToThisNodesClientsInOrderAndNeverPublishes() throws Exception {
        MemoryClient client = node.memory().connect().subscribe("news");
        Message first = message("1", "news", "b");
        Message second = message("2", "news", "c");
        Message third = message("3", "news", "b");
        LocalDeliveryWriter writer = new LocalDeliveryWriter();
        writer.manager = new RealtimeManager(node);
        writer.consumerSide = node.consumerSide();

        writer.writeItems(List.of(List.of(first, second), List.of(third)));

        assertEquals(List.of(first, second, third), client.drain());
        assertEquals(3, node.consumerActivity().snapshot().delivered());
        assertTrue(broker.published.isEmpty(), "broadcastLocal never publishes, so nothing loops");
    }

    @Test
    void aChunkWithoutItemsDeliversNothing() throws Exception {
        LocalDeliveryWriter writer = new LocalDeliveryWriter();
        writer.manager = new RealtimeManager(node);
        writer.consumerSide = node.consumerSide();
        writer.writeItems(List.of());
        assertEquals(0, node.consumerActivity().snapshot().delivered());
    }
}
