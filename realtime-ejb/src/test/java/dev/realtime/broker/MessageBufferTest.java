package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBufferTest {

    private static Message message(int i) {
        return new Message("m" + i, "c", "e", String.valueOf(i), i, "node", null);
    }

    private static List<String> ids(MessageBatch batch) {
        return batch.messages().stream().map(Message::id).toList();
    }

    @Test
    void pollTakesAtMostABatchInArrivalOrder() {
        MessageBuffer buffer = new MessageBuffer(3);
        for (int i = 0; i < 5; i++) {
            assertTrue(buffer.offer(message(i)));
        }
        assertEquals(List.of("m0", "m1", "m2"), ids(buffer.poll(Duration.ZERO)));
        assertEquals(List.of("m3", "m4"), ids(buffer.poll(Duration.ZERO)));
        assertTrue(buffer.poll(Duration.ZERO).isEmpty());
    }

    @Test
    void aRewoundBatchComesBackFirstInItsOrder() {
        MessageBuffer buffer = new MessageBuffer(2);
        for (int i = 0; i < 3; i++) {
            buffer.offer(message(i));
        }
        MessageBatch first = buffer.poll(Duration.ZERO);
        buffer.rewind(first);
        assertEquals(List.of("m0", "m1"), ids(buffer.poll(Duration.ZERO)));
        assertEquals(List.of("m2"), ids(buffer.poll(Duration.ZERO)));
    }

    @Test
    void aWakeupEndsAWaitingPollAndIsNeverReturned() throws Exception {
        MessageBuffer buffer = new MessageBuffer(10);
        Thread waker = new Thread(buffer::wakeup);
        waker.start();
        assertTrue(buffer.poll(Duration.ofMinutes(5)).isEmpty(), "woken up, not timed out");
        waker.join();
        buffer.offer(message(1));
        buffer.wakeup(); // in front of m1: the next poll returns empty, the one after m1
        assertTrue(buffer.poll(Duration.ZERO).isEmpty());
        assertEquals(List.of("m1"), ids(buffer.poll(Duration.ZERO)));
    }

    @Test
    void aFullBufferRefuses() {
        MessageBuffer buffer = new MessageBuffer(2_000); // room for ten batches
        for (int i = 0; i < 20_000; i++) {
            assertTrue(buffer.offer(message(i)));
        }
        assertFalse(buffer.offer(message(20_000)));
        MessageBatch polled = buffer.poll(Duration.ZERO);
        assertTrue(buffer.offer(message(20_001)), "room again");
        buffer.rewind(polled); // the buffer is full again: the rewound batch still goes back in front
        assertEquals(ids(polled), ids(buffer.poll(Duration.ZERO)));
    }
}
