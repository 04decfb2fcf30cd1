package dev.realtime.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.testing.Concurrently;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelSequencerTest {
    private final ChannelSequencer sequencer = new ChannelSequencer();

    @Test
    void uncontendedTasksRunAtOnceOnTheCallersThread() {
        List<String> ran = new ArrayList<>();
        Thread caller = Thread.currentThread();
        sequencer.run("presence-a", () -> ran.add(Thread.currentThread() == caller ? "here" : "elsewhere"));
        assertEquals(List.of("here"), ran);
    }

    @Test
    void aTaskMaySubmitToItsOwnAndOtherChannelsWithoutDeadlock() {
        List<String> ran = new ArrayList<>();
        sequencer.run("presence-a", () -> {
            ran.add("a1");
            sequencer.run("presence-a", () -> ran.add("a2")); // runs after a1 finishes
            sequencer.run("presence-b", () -> {
                ran.add("b1");
                sequencer.run("presence-a", () -> ran.add("a3"));
            });
            ran.add("a1-end");
        });
        assertEquals(List.of("a1", "b1", "a1-end", "a2", "a3"), ran);
    }

    @Test
    void tasksOfOneChannelNeverOverlapAndKeepEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        List<int[]> log = Collections.synchronizedList(new ArrayList<>());
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                int n = i;
                sequencer.run("presence-busy", () -> {
                    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                    log.add(new int[] {thread, n});
                    active.decrementAndGet();
                });
            }
        });
        assertEquals(1, maxActive.get(), "two tasks of one channel ran at once");
        assertEquals(threads * perThread, log.size(), "a task was lost");
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (int[] entry : log) {
            assertTrue(entry[1] > last[entry[0]], "thread " + entry[0] + "'s tasks ran out of order");
            last[entry[0]] = entry[1];
        }
    }
}
