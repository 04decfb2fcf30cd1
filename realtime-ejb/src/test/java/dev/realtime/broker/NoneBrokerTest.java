package dev.realtime.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class NoneBrokerTest {

    @Test
    void pollReturnsEmpty() {
        try (NoneBroker broker = new NoneBroker();
                BrokerConsumer consumer = broker.consumer(ConsumerOptions.all(10))) {
            MessageBatch batch = consumer.poll(Duration.ofMillis(1));
            assertSame(MessageBatch.EMPTY, batch);
            assertTrue(batch.isEmpty());
            assertEquals(BrokerPosition.NONE, batch.end());
            consumer.commit(batch.end());
            consumer.rewind(batch);
            assertTrue(consumer.isConnected());
            assertEquals(-1, consumer.lag());
        }
    }

    @Test
    void wakeupEndsAPollInProgress() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (NoneBroker broker = new NoneBroker();
                BrokerConsumer consumer = broker.consumer(ConsumerOptions.all(10))) {
            CompletableFuture<MessageBatch> poll =
                    CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofHours(1)), pool);
            consumer.wakeup();
            await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
            assertTrue(poll.get().isEmpty());

            // a second poll after a wake-up waits again until woken
            CompletableFuture<MessageBatch> second =
                    CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofHours(1)), pool);
            consumer.wakeup();
            await().atMost(Duration.ofSeconds(10)).until(second::isDone);
            assertTrue(second.get().isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statsSayConnectedAndPublishingIsANoOp() {
        NoneBroker broker = new NoneBroker();
        broker.publish(new Message("1", "c", "e", "{}", 1L, "n", null));
        BrokerStats stats = broker.stats();
        assertEquals("none", stats.broker());
        assertTrue(stats.connected());
        assertEquals(0, stats.published());
        assertEquals(0, stats.dropped());
        assertEquals(0, stats.pending());
        assertEquals(-1, stats.lag());
        assertTrue(broker.isConnected());
        broker.close();
        assertTrue(broker.isConnected());
    }
}
