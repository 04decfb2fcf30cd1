package dev.realtime.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import dev.realtime.testing.Concurrently;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RingMessageHistoryTest {

    private static final Predicate<Message> ALL = m -> true;

    private static Message message(int n) {
        return message("m" + n, n % 2 == 0 ? "even" : "odd");
    }

    private static Message message(String id, String channel) {
        return new Message(id, channel, "e", "1", 0, "node", null);
    }

    private static List<Message> appendAll(MessageHistory history, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Message m = message(i);
            history.append(m);
            messages.add(m);
        }
        return messages;
    }

    @Test
    void returnsLaterMessagesInOrder() {
        RingMessageHistory history = new RingMessageHistory(10);
        List<Message> all = appendAll(history, 5);
        assertEquals(Optional.of(all.subList(1, 5)), history.after("m1", ALL));
        assertEquals(Optional.of(all.subList(3, 5)), history.after("m3", ALL));
        assertEquals(Optional.of(List.of()), history.after("m5", ALL), "nothing after the newest");
    }

    @Test
    void filterSelectsMessagesButTheLastIdNeedNotMatchIt() {
        RingMessageHistory history = new RingMessageHistory(10);
        List<Message> all = appendAll(history, 6);
        assertEquals(Optional.of(List.of(all.get(1), all.get(3), all.get(5))), history.after("m1", m -> m.channel()
                .equals("even")));
        assertEquals(Optional.of(List.of(all.get(2), all.get(4))), history.after("m1", m -> m.channel()
                .equals("odd")));
        assertEquals(Optional.of(List.of()), history.after("m1", m -> false));
    }

    @Test
    void unknownIdIsEmpty() {
        RingMessageHistory history = new RingMessageHistory(10);
        assertEquals(Optional.empty(), history.after("m1", ALL), "empty history");
        appendAll(history, 3);
        assertEquals(Optional.empty(), history.after("nope", ALL));
        assertEquals(Optional.empty(), history.after("", ALL));
    }

    @Test
    void evictedIdIsEmpty() {
        RingMessageHistory history = new RingMessageHistory(3);
        List<Message> all = appendAll(history, 5); // keeps m3, m4, m5
        assertEquals(Optional.empty(), history.after("m1", ALL));
        assertEquals(Optional.empty(), history.after("m2", ALL));
        assertEquals(Optional.of(all.subList(3, 5)), history.after("m3", ALL));
        assertEquals(Optional.of(all.subList(4, 5)), history.after("m4", ALL));
        assertEquals(Optional.of(List.of()), history.after("m5", ALL));
    }

    @Test
    void capacityZeroKeepsNothing() {
        RingMessageHistory history = new RingMessageHistory(0);
        appendAll(history, 5);
        for (int i = 1; i <= 5; i++) {
            assertEquals(Optional.empty(), history.after("m" + i, ALL));
        }
    }

    @Test
    void capacityOneKeepsOnlyTheNewest() {
        RingMessageHistory history = new RingMessageHistory(1);
        appendAll(history, 4);
        assertEquals(Optional.of(List.of()), history.after("m4", ALL));
        assertEquals(Optional.empty(), history.after("m3", ALL));
    }

    @Test
    void exactlyFullBeforeWrapping() {
        RingMessageHistory history = new RingMessageHistory(4);
        List<Message> all = appendAll(history, 4);
        assertEquals(Optional.of(all.subList(1, 4)), history.after("m1", ALL));
        history.append(message(5));
        assertEquals(Optional.empty(), history.after("m1", ALL), "m1 was overwritten by m5");
        assertEquals(Optional.of(List.of(all.get(2), all.get(3), message(5))), history.after("m2", ALL));
    }

    @Test
    void wrapsAroundManyTimes() {
        int capacity = 5;
        RingMessageHistory history = new RingMessageHistory(capacity);
        List<Message> all = appendAll(history, 1_003);
        // kept: m999 .. m1003
        assertEquals(Optional.empty(), history.after("m998", ALL));
        assertEquals(Optional.of(all.subList(999, 1_003)), history.after("m999", ALL));
        assertEquals(Optional.of(all.subList(1_001, 1_003)), history.after("m1001", ALL));
        assertEquals(Optional.of(List.of()), history.after("m1003", ALL));
    }

    @Test
    void resultIsASnapshot() {
        RingMessageHistory history = new RingMessageHistory(10);
        appendAll(history, 3);
        List<Message> after = history.after("m1", ALL).orElseThrow();
        history.append(message(4));
        assertEquals(2, after.size());
        assertEquals(3, history.after("m1", ALL).orElseThrow().size());
    }

    @Test
    void concurrentAppendsAreAllKept() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        RingMessageHistory history = new RingMessageHistory(threads * perThread + 1);
        history.append(message("start", "c"));
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                history.append(message(thread + "-" + i, "c"));
            }
        });
        List<Message> after = history.after("start", ALL).orElseThrow();
        assertEquals(threads * perThread, after.size());
        Set<String> ids = new HashSet<>();
        int[] next = new int[threads];
        for (Message m : after) {
            assertTrue(ids.add(m.id()));
            String[] parts = m.id().split("-");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), "each thread's appends stay in order");
        }
    }
}
