package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The two {@link OutboundPolicy policies} of {@link OutboundQueue} as {@link OutboundLimits} sets
 * them up: {@code close} refuses for good and closes once; {@code drop} refuses only what does not
 * fit, counts it, and lets later items through once the writer catches up.
 */
class OutboundPolicyTest {

    /** A writer whose writes stay in flight until the test completes them. */
    static final class HeldWriter implements OutboundQueue.Writer<String> {
        final List<String> written = new ArrayList<>();
        OutboundQueue<String> queue;

        @Override
        public void write(String item) {
            written.add(item);
        }

        void complete() {
            queue.written();
        }
    }

    @Test
    void dropRefusesWhatDoesNotFitAndLaterItemsFlowOnceTheWriterCatchesUp() {
        OutboundLimits limits = new OutboundLimits(2, OutboundPolicy.DROP);
        AtomicInteger closes = new AtomicInteger();
        HeldWriter writer = new HeldWriter();
        OutboundQueue<String> q = limits.queue(0, item -> 1, writer, closes::incrementAndGet);
        writer.queue = q;

        assertTrue(q.offer("m1")); // in flight
        assertTrue(q.offer("m2"));
        assertTrue(q.offer("m3")); // full
        assertFalse(q.offer("m4"), "dropped");
        assertFalse(q.offer("m5"), "dropped");
        assertEquals(2, limits.droppedCount());
        assertEquals(2, q.size(), "dropped items take no room");

        writer.complete(); // m1 done, m2 in flight
        assertTrue(q.offer("m6"), "room again after one completion");
        assertFalse(q.offer("m7"), "full again");
        writer.complete();
        writer.complete();
        writer.complete();
        assertTrue(q.offer("m8"), "idle: written at once");
        writer.complete();

        assertEquals(List.of("m1", "m2", "m3", "m6", "m8"), writer.written, "in order, without the dropped ones");
        assertEquals(3, limits.droppedCount());
        assertEquals(0, closes.get(), "drop never closes the connection");
        assertEquals(0, q.size());
    }

    @Test
    void closeRunsTheCloseHandlerOnceAndRefusesForGood() {
        OutboundLimits limits = new OutboundLimits(1, OutboundPolicy.CLOSE);
        AtomicInteger closes = new AtomicInteger();
        HeldWriter writer = new HeldWriter();
        OutboundQueue<String> q = limits.queue(0, item -> 1, writer, closes::incrementAndGet);
        writer.queue = q;

        assertTrue(q.offer("m1"));
        assertTrue(q.offer("m2"));
        assertFalse(q.offer("m3"));
        assertFalse(q.offer("m4"));
        assertEquals(1, closes.get(), "closed once");
        writer.complete();
        writer.complete();
        assertFalse(q.offer("m5"), "a closed connection's queue stays refused");
        assertEquals(List.of("m1", "m2"), writer.written);
        assertEquals(1, closes.get());
        assertEquals(0, limits.droppedCount(), "close drops nothing that is counted");
    }

    @Test
    void extraRoomIsAddedToTheLimit() {
        OutboundLimits limits = new OutboundLimits(1, OutboundPolicy.DROP);
        OutboundQueue<String> q = limits.queue(2, item -> 1, item -> {}, () -> {});
        assertTrue(q.offer("in flight"));
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertTrue(q.offer("c"));
        assertFalse(q.offer("d"));
        assertEquals(1, limits.droppedCount());
    }

    @Test
    void aTransportsOwnBufferAsksWhetherToDrop() {
        OutboundLimits drop = new OutboundLimits(5, OutboundPolicy.DROP);
        assertTrue(drop.drop());
        assertTrue(drop.drop());
        assertEquals(2, drop.droppedCount());
        OutboundLimits close = new OutboundLimits(5, OutboundPolicy.CLOSE);
        assertFalse(close.drop(), "the caller closes instead");
        assertEquals(0, close.droppedCount());
    }

    @Test
    void concurrentProducersUnderDropNeverBlockAndEveryOfferIsWrittenOrCounted() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        OutboundLimits limits = new OutboundLimits(8, OutboundPolicy.DROP);
        ExecutorService completions = Executors.newSingleThreadExecutor();
        ExecutorService threads = Executors.newFixedThreadPool(producers);
        try {
            ConcurrentLinkedQueue<int[]> written = new ConcurrentLinkedQueue<>();
            AtomicInteger active = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicReference<OutboundQueue<int[]>> ref = new AtomicReference<>();
            OutboundQueue<int[]> q = limits.queue(
                    0,
                    item -> 1,
                    item -> {
                        if (active.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        written.add(item);
                        completions.execute(() -> {
                            active.decrementAndGet();
                            ref.get().written();
                        });
                    },
                    () -> {
                        throw new AssertionError("drop never closes");
                    });
            ref.set(q);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                accepted.add(threads.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < perProducer; i++) {
                        if (q.offer(new int[] {producer, i})) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : accepted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            int expected = total;
            Awaitility.await("every accepted item is written")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> written.size() >= expected);
            assertEquals(expected, written.size(), "every accepted item is written");
            assertEquals(producers * perProducer, total + limits.droppedCount(), "written + dropped = offered");
            assertEquals(0, overlaps.get(), "one write in flight at a time");
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (int[] item : written) {
                assertTrue(item[1] > last[item[0]], "each producer's items stay in order");
                last[item[0]] = item[1];
            }
        } finally {
            completions.shutdownNow();
            threads.shutdownNow();
        }
    }
}
