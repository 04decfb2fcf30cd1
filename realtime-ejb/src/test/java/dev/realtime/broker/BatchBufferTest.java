package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

    private static void offer(BatchBuffer<String> buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            assertTrue(buffer.offer("m" + i));
        }
    }

    @Test
    void pollTakesAtMostABatchInArrivalOrder() {
        BatchBuffer<String> buffer = BatchBuffer.forBatches(3);
        offer(buffer, 0, 5);
        assertEquals(List.of("m0", "m1", "m2"), buffer.poll(Duration.ZERO));
        assertEquals(List.of("m3", "m4"), buffer.poll(Duration.ZERO));
        assertTrue(buffer.poll(Duration.ZERO).isEmpty());
    }

    @Test
    void aRewoundBatchComesBackFirstInItsOrder() {
        BatchBuffer<String> buffer = BatchBuffer.forBatches(2);
        offer(buffer, 0, 3);
        List<String> first = buffer.poll(Duration.ZERO);
        buffer.putBack(first);
        assertEquals(List.of("m0", "m1"), buffer.poll(Duration.ZERO));
        assertEquals(List.of("m2"), buffer.poll(Duration.ZERO));
    }

    @Test
    void aWakeupEndsAWaitingPollAndIsNeverReturned() throws Exception {
        BatchBuffer<String> buffer = BatchBuffer.forBatches(10);
        Thread waker = new Thread(buffer::wakeup);
        waker.start();
        assertTrue(buffer.poll(Duration.ofMinutes(5)).isEmpty(), "woken up, not timed out");
        waker.join();
        buffer.offer("m1");
        buffer.wakeup(); // in front of m1: the next poll returns empty, the one after m1
        buffer.wakeup(); // one pending wake-up is enough
        assertEquals(1, buffer.size(), "a wake-up is not an item");
        assertTrue(buffer.poll(Duration.ZERO).isEmpty());
        assertEquals(List.of("m1"), buffer.poll(Duration.ZERO));
    }

    @Test
    void aFullBufferRefusesButARewoundBatchAlwaysGoesBackInFront() {
        BatchBuffer<String> buffer = BatchBuffer.forBatches(2_000); // room for ten batches
        offer(buffer, 0, 20_000);
        assertFalse(buffer.offer("m20000"));
        List<String> polled = buffer.poll(Duration.ZERO);
        assertTrue(buffer.offer("m20001"), "room again");
        buffer.putBack(polled); // the buffer is full again: the rewound batch still goes back in front
        assertEquals(polled, buffer.poll(Duration.ZERO));
    }

    @Test
    void itemsThatAreNoLongerUsableAreLeftOutAndThePollWaitsForAUsableOne() {
        BatchBuffer<String> buffer = new BatchBuffer<>(10, Integer.MAX_VALUE);
        buffer.offer("stale-1");
        buffer.offer("stale-2");
        assertTrue(buffer.poll(Duration.ofMillis(20), item -> !item.startsWith("stale"))
                .isEmpty());
        assertEquals(0, buffer.size(), "the unusable ones were taken out");
        buffer.offer("stale-3");
        buffer.offer("live-1");
        buffer.offer("stale-4");
        buffer.offer("live-2");
        assertEquals(List.of("live-1", "live-2"), buffer.poll(Duration.ZERO, item -> !item.startsWith("stale")));
    }

    @Test
    void clearDropsWhatWaitsAndAPendingWakeup() {
        BatchBuffer<String> buffer = BatchBuffer.forBatches(10);
        offer(buffer, 0, 3);
        buffer.wakeup();
        buffer.clear();
        assertEquals(0, buffer.size());
        buffer.offer("after");
        assertEquals(List.of("after"), buffer.poll(Duration.ZERO), "no stale wake-up ends this poll");
    }
}
