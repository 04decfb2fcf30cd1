package dev.realtime.consumer;

import static dev.realtime.consumer.InMemoryBroker.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.channel.ChannelNames;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import jakarta.batch.runtime.BatchStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerBatchReaderTest {
    private final InMemoryBroker broker = new InMemoryBroker();
    private final RealtimeNode node = new RealtimeNode(RealtimeSettings.from(Map.of("realtime.node.id", "me")), broker);
    private final BatchContexts contexts = new BatchContexts();

    private BrokerBatchReader reader(String channels, String maxMessages, String stopWhenEmpty) {
        BrokerBatchReader reader = new BrokerBatchReader();
        reader.consumerSide = node.consumerSide();
        reader.job = contexts.job();
        reader.step = contexts.step();
        reader.broker = InMemoryBroker.NAME;
        reader.channels = channels;
        reader.batchSize = "7";
        reader.pollTimeoutMs = "1";
        reader.maxMessages = maxMessages;
        reader.stopWhenEmpty = stopWhenEmpty;
        return reader;
    }

    @Test
    void openOpensTheConsumerWithTheJobParametersAndSharesItsRelayWithTheStep() {
        BrokerBatchReader reader = reader("user.*, public.*", null, null);
        reader.open(null);
        assertEquals(
                List.of(new ConsumerOptions(List.of("user.*", "public.*", ChannelNames.CLUSTER_CHANNEL), 7)),
                broker.opened,
                "the selection, and the nodes' own channel");
        assertInstanceOf(BrokerRelay.class, contexts.transientUserData);
        ConsumerActivity.Snapshot activity = node.consumerActivity().snapshot();
        assertEquals(1, activity.running());
        assertEquals("user.*,public.*", activity.channels());
        assertEquals(BrokerPosition.NONE, reader.checkpointInfo());
        assertTrue(broker.seeks.isEmpty(), "no checkpoint, no seek");
    }

    @Test
    void anotherBrokerThanThisNodesFailsTheJob() {
        BrokerBatchReader reader = reader(null, null, null);
        reader.broker = "kafka";
        RealtimeException e = assertThrows(RealtimeException.class, () -> reader.open(null));
        assertEquals("unknown_broker", e.code());
    }

    @Test
    void oneItemIsOnePolledBatchAndTheCheckpointIsThePositionAfterIt() {
        MessageBatch first = broker.queue(10, message("1", "news", "a"), message("2", "news", "b"));
        MessageBatch second = broker.queue(12, message("3", "news", "a"));
        BrokerBatchReader reader = reader(null, null, null);
        reader.open(null);

        assertSame(first, reader.readItem());
        assertEquals(first.end(), reader.checkpointInfo());
        assertSame(second, reader.readItem());
        assertEquals(second.end(), reader.checkpointInfo());
        ConsumerActivity.Snapshot activity = node.consumerActivity().snapshot();
        assertEquals(3, activity.polled());
        assertEquals(3, activity.lag(), "the consumer's lag, as last polled");
        assertTrue(broker.committed.isEmpty(), "the reader never commits: the commit listener does");
    }

    @Test
    void anIdlePollIsAnEmptyItemSoTheChunkEndsAndTheCheckpointStays() {
        BrokerBatchReader reader = reader(null, null, null);
        reader.open(new BrokerPosition(Map.of("p-0", 5L)));
        assertTrue(((MessageBatch) reader.readItem()).isEmpty());
        assertEquals(new BrokerPosition(Map.of("p-0", 5L)), reader.checkpointInfo());
    }

    @Test
    void stopWhenEmptyEndsTheStepAtTheFirstEmptyPoll() {
        broker.queue(1, message("1", "news", "a"));
        BrokerBatchReader reader = reader(null, null, "true");
        reader.open(null);
        assertEquals(1, ((MessageBatch) reader.readItem()).size());
        assertNull(reader.readItem());
    }

    @Test
    void maxMessagesEndsTheStepOnceThatManyWereRead() {
        broker.queue(1, message("1", "news", "a"), message("2", "news", "a"));
        broker.queue(3, message("3", "news", "a"));
        BrokerBatchReader reader = reader(null, "2", null);
        reader.open(null);
        assertEquals(2, ((MessageBatch) reader.readItem()).size());
        assertNull(reader.readItem(), "two read: the step ends before polling again");
        assertEquals(1, broker.queued.size());
    }

    @Test
    void aStopRequestEndsTheStepBetweenPolls() {
        broker.queue(1, message("1", "news", "a"));
        BrokerBatchReader reader = reader(null, null, null);
        reader.open(null);
        contexts.status = BatchStatus.STOPPING;
        assertNull(reader.readItem());
        assertEquals(1, broker.queued.size(), "nothing was polled");
    }

    @Test
    void aRestartSeeksToTheCheckpoint() {
        BrokerPosition checkpoint = new BrokerPosition(Map.of("p-0", 42L));
        BrokerBatchReader reader = reader(null, null, null);
        reader.open(checkpoint);
        assertEquals(List.of(checkpoint), broker.seeks);
        assertEquals(checkpoint, reader.checkpointInfo());
    }

    @Test
    void closeClosesTheConsumerOnceAndReportsTheStop() {
        BrokerBatchReader reader = reader(null, null, null);
        reader.open(null);
        reader.close();
        reader.close();
        assertTrue(broker.consumerClosed);
        assertEquals(0, node.consumerActivity().snapshot().running());
    }
}
