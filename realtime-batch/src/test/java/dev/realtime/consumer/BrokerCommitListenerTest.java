package dev.realtime.consumer;

import static dev.realtime.consumer.InMemoryBroker.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerCommitListenerTest {
    private final InMemoryBroker broker = new InMemoryBroker();
    private final BatchContexts contexts = new BatchContexts();
    private final BrokerRelay relay = new BrokerRelay(broker.consumer(ConsumerOptions.all(10)), "me", List.of());

    private BrokerCommitListener listener() {
        contexts.transientUserData = relay;
        BrokerCommitListener listener = new BrokerCommitListener();
        listener.step = contexts.step();
        return listener;
    }

    @Test
    void afterAChunkThePositionAfterItsBatchIsCommittedOnce() throws Exception {
        MessageBatch batch = broker.queue(10, message("1", "news", "b"), message("2", "news", "b"));
        BrokerCommitListener listener = listener();
        relay.poll(Duration.ZERO);

        listener.afterChunk();
        listener.afterChunk(); // an idle chunk after it: nothing new to commit
        assertEquals(List.of(batch.end()), broker.committed);
    }

    @Test
    void aFailedChunkIsRewoundAndNotCommitted() throws Exception {
        MessageBatch batch = broker.queue(10, message("1", "news", "b"));
        BrokerCommitListener listener = listener();
        relay.poll(Duration.ZERO);

        listener.onError(new IllegalStateException("the writer failed"));
        assertEquals(List.of(batch), broker.rewound);
        assertTrue(broker.committed.isEmpty());
        assertSame(batch, relay.poll(Duration.ZERO), "the next poll returns the batch again");
    }

    @Test
    void withoutAnOpenReaderThereIsNothingToCommit() throws Exception {
        BrokerCommitListener listener = new BrokerCommitListener();
        listener.step = contexts.step();
        listener.afterChunk();
        listener.onError(new IllegalStateException("open failed"));
        assertTrue(broker.committed.isEmpty());
        assertTrue(broker.rewound.isEmpty());
    }

    /** The chunk the job runs: read, process, write, then commit; a failed write rewinds instead. */
    @Test
    void theJobsChunkCommitsOnlyAfterTheWriterReturnedAndRedeliversAFailedOne() throws Exception {
        RealtimeNode node = new RealtimeNode(RealtimeSettings.from(Map.of("realtime.node.id", "me")), broker);
        MemoryClient client = node.memory().connect().subscribe("news");
        Message own = message("1", "news", "me");
        Message other = message("2", "news", "b");
        MessageBatch batch = broker.queue(10, own, other);
        BrokerBatchReader reader = new BrokerBatchReader();
        reader.consumerSide = node.consumerSide();
        reader.job = contexts.job();
        reader.step = contexts.step();
        reader.broker = InMemoryBroker.NAME;
        reader.pollTimeoutMs = "1";
        ChannelFilterProcessor processor = new ChannelFilterProcessor();
        processor.step = contexts.step();
        BrokerCommitListener listener = new BrokerCommitListener();
        listener.step = contexts.step();
        List<String> writes = new ArrayList<>();
        LocalDeliveryWriter failingOnce = new LocalDeliveryWriter() {
            @Override
            public void writeItems(List<Object> items) {
                writes.add("write");
                if (writes.size() == 1) {
                    throw new IllegalStateException("clients unreachable");
                }
                super.writeItems(items);
            }
        };
        failingOnce.manager = new RealtimeManager(node);
        failingOnce.consumerSide = node.consumerSide();
        reader.open(null);

        Object kept = processor.processItem(reader.readItem());
        assertThrows(IllegalStateException.class, () -> failingOnce.writeItems(List.of(kept)));
        listener.onError(new IllegalStateException("clients unreachable"));
        assertTrue(broker.committed.isEmpty(), "nothing committed for the failed chunk");

        Object again = processor.processItem(reader.readItem());
        failingOnce.writeItems(List.of(again));
        listener.afterChunk();
        assertEquals(List.of(other), client.drain(), "the other node's message, once; the own one skipped");
        assertEquals(List.of(batch.end()), broker.committed);
        reader.close();
    }
}
