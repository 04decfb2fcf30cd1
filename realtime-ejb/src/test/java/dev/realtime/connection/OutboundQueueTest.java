package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboundQueueTest {

    private static final long TIMEOUT_SECONDS = 60;

    private final ExecutorService completions = Executors.newFixedThreadPool(2);
    private final ExecutorService producers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreads() {
        completions.shutdownNow();
        producers.shutdownNow();
    }

    /** How the test writer reports completion. */
    enum Completion {
        INLINE,
        ASYNC,
        MIXED
    }

    record Item(int producer, int seq) {}

    /**
     * A writer that records what it writes, tracks concurrently active writes, and completes each
     * write as configured.
     */
    final class TrackingWriter implements OutboundQueue.Writer<Item> {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final ConcurrentLinkedQueue<Item> written = new ConcurrentLinkedQueue<>();
        final CountDownLatch done;
        final Completion completion;
        volatile OutboundQueue<Item> queue;

        TrackingWriter(int expected, Completion completion) {
            this.done = new CountDownLatch(expected);
            this.completion = completion;
        }

        @Override
        public void write(Item item) {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            written.add(item);
            Thread.yield(); // widen the window in which an overlapping write would be seen
            boolean inline =
                    switch (completion) {
                        case INLINE -> true;
                        case ASYNC -> false;
                        case MIXED -> ThreadLocalRandom.current().nextBoolean();
                    };
            if (inline) {
                complete();
            } else {
                completions.execute(this::complete);
            }
        }

        private void complete() {
            active.decrementAndGet();
            done.countDown();
            queue.written();
        }
    }

    private static <T> OutboundQueue<T> queue(int limit, Consumer<T> writer) {
        return new OutboundQueue<>(limit, writer::accept, () -> {
            throw new AssertionError("unexpected overflow");
        });
    }

    // ---- ordering ----

    @Test
    void singleProducerInlineCompletionKeepsOrder() {
        List<Integer> written = new ArrayList<>();
        AtomicReference<OutboundQueue<Integer>> ref = new AtomicReference<>();
        OutboundQueue<Integer> q = queue(10, item -> {
            written.add(item);
            ref.get().written();
        });
        ref.set(q);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(1_000, written.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, written.get(i));
        }
        assertEquals(0, q.size());
    }

    @Test
    void itemsQueuedBehindAPendingWriteAreWrittenInOrderOneAtATime() {
        List<String> written = new ArrayList<>();
        OutboundQueue<String> q = queue(10, written::add);
        assertTrue(q.offer("a"));
        assertEquals(List.of("a"), written, "an idle queue writes at once");
        assertEquals(0, q.size(), "the item in flight is not counted as waiting");

        assertTrue(q.offer("b"));
        assertTrue(q.offer("c"));
        assertEquals(List.of("a"), written, "nothing else starts while a write is in flight");
        assertEquals(2, q.size());

        q.written();
        assertEquals(List.of("a", "b"), written);
        assertEquals(1, q.size());
        q.written();
        assertEquals(List.of("a", "b", "c"), written);
        assertEquals(0, q.size());
        q.written();
        assertEquals(List.of("a", "b", "c"), written);

        assertTrue(q.offer("d"), "idle again: written at once");
        assertEquals(List.of("a", "b", "c", "d"), written);
    }

    @Test
    void spuriousCompletionWhileIdleIsHarmless() {
        List<String> written = new ArrayList<>();
        OutboundQueue<String> q = queue(10, written::add);
        q.written();
        q.written();
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertEquals(List.of("a"), written);
        q.written();
        assertEquals(List.of("a", "b"), written);
    }

    @Test
    void completionFromAnotherThreadWhileTheWriterIsStillInsideWrite() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        AtomicReference<OutboundQueue<String>> ref = new AtomicReference<>();
        OutboundQueue<String> q = queue(10, item -> {
            written.add(item);
            if (!item.equals("last")) {
                // complete on another thread and wait until it has returned, all inside write()
                Future<?> f = completions.submit(() -> ref.get().written());
                try {
                    f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        ref.set(q);
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertEquals(List.of("a", "b"), written);
        // "last" never completes: the next items wait
        assertTrue(q.offer("last"));
        assertTrue(q.offer("c"));
        assertEquals(List.of("a", "b", "last"), written);
        assertEquals(1, q.size());
        q.written();
        assertEquals(List.of("a", "b", "last", "c"), written);
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @EnumSource(Completion.class)
    void singleProducerKeepsOrder(Completion completion) throws Exception {
        int total = 20_000;
        TrackingWriter writer = new TrackingWriter(total, completion);
        OutboundQueue<Item> q = queue(Integer.MAX_VALUE, writer::write);
        writer.queue = q;
        for (int i = 0; i < total; i++) {
            assertTrue(q.offer(new Item(0, i)));
        }
        assertTrue(writer.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "not all writes completed");
        assertEquals(1, writer.maxActive.get(), "overlapping writes");
        List<Item> written = new ArrayList<>(writer.written);
        assertEquals(total, written.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, written.get(i).seq());
        }
        assertEquals(0, q.size());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @EnumSource(Completion.class)
    void concurrentProducersNeverOverlapWritesAndKeepEachProducersOrder(Completion completion) throws Exception {
        int threads = 4;
        int perProducer = 5_000;
        int total = threads * perProducer;
        TrackingWriter writer = new TrackingWriter(total, completion);
        OutboundQueue<Item> q = queue(Integer.MAX_VALUE, writer::write);
        writer.queue = q;

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> refused = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            int producer = p;
            refused.add(producers.submit(() -> {
                start.await();
                int failures = 0;
                for (int i = 0; i < perProducer; i++) {
                    if (!q.offer(new Item(producer, i))) {
                        failures++;
                    }
                }
                return failures;
            }));
        }
        start.countDown();
        for (Future<Integer> f : refused) {
            assertEquals(0, f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "an offer was refused");
        }
        assertTrue(writer.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "not all writes completed");

        assertEquals(1, writer.maxActive.get(), "more than one write in flight");
        assertEquals(total, writer.written.size(), "every item written exactly once");
        Map<Integer, Integer> nextSeq = new HashMap<>();
        for (Item item : writer.written) {
            int expected = nextSeq.getOrDefault(item.producer(), 0);
            assertEquals(expected, item.seq(), "producer " + item.producer() + " out of order");
            nextSeq.put(item.producer(), expected + 1);
        }
        for (int p = 0; p < threads; p++) {
            assertEquals(perProducer, nextSeq.get(p));
        }
        assertEquals(0, q.size());
    }

    // ---- overflow ----

    @Test
    void overflowWhenWritesNeverComplete() {
        List<String> written = new ArrayList<>();
        AtomicInteger overflows = new AtomicInteger();
        int limit = 3;
        OutboundQueue<String> q = new OutboundQueue<>(limit, written::add, overflows::incrementAndGet);

        assertTrue(q.offer("in-flight"));
        for (int i = 0; i < limit; i++) {
            assertTrue(q.offer("queued-" + i), "item " + i + " fits");
            assertEquals(i + 1, q.size());
        }
        assertEquals(0, overflows.get());

        assertFalse(q.offer("one too many"));
        assertEquals(1, overflows.get());
        assertEquals(limit, q.size(), "the refused item is not queued");

        for (int i = 0; i < 10; i++) {
            assertFalse(q.offer("after overflow " + i));
        }
        assertEquals(1, overflows.get(), "the overflow handler runs once");
        assertEquals(List.of("in-flight"), written);

        // completions still drain what was accepted, but the queue stays refused
        q.written();
        assertEquals(List.of("in-flight", "queued-0"), written);
        assertFalse(q.offer("still refused"));
        assertEquals(1, overflows.get());
    }

    @Test
    void limitZeroAllowsOnlyTheWriteInFlight() {
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue<String> q = new OutboundQueue<>(0, item -> {}, overflows::incrementAndGet);
        assertTrue(q.offer("a"));
        assertFalse(q.offer("b"));
        assertEquals(1, overflows.get());
    }

    @Test
    void inlineCompletingWritesNeverOverflow() {
        AtomicInteger overflows = new AtomicInteger();
        AtomicReference<OutboundQueue<Integer>> ref = new AtomicReference<>();
        AtomicInteger count = new AtomicInteger();
        OutboundQueue<Integer> q = new OutboundQueue<>(
                1,
                item -> {
                    count.incrementAndGet();
                    ref.get().written();
                },
                overflows::incrementAndGet);
        ref.set(q);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(10_000, count.get());
        assertEquals(0, overflows.get());
    }

    @Test
    void concurrentOverflowRunsTheHandlerExactlyOnce() throws Exception {
        int threads = 4;
        for (int iteration = 0; iteration < 10_000; iteration++) {
            AtomicInteger overflows = new AtomicInteger();
            OutboundQueue<Integer> q = new OutboundQueue<>(2, item -> {}, overflows::incrementAndGet);
            assertTrue(q.offer(0)); // in flight forever
            assertTrue(q.offer(1));
            assertTrue(q.offer(2)); // full

            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(producers.submit(() -> {
                    ready.countDown();
                    start.await();
                    boolean anyAccepted = false;
                    for (int i = 0; i < 5; i++) {
                        anyAccepted |= q.offer(100 + i);
                    }
                    return anyAccepted;
                }));
            }
            assertTrue(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            start.countDown();
            for (Future<Boolean> f : results) {
                assertFalse(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a full queue accepted an item");
            }
            assertEquals(1, overflows.get(), "overflow handler runs in iteration " + iteration);
            assertEquals(2, q.size());
        }
    }

    @Test
    void concurrentProducersOverflowWhenWritesStall() throws Exception {
        int limit = 100;
        AtomicInteger overflows = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        OutboundQueue<Integer> q =
                new OutboundQueue<>(limit, item -> started.incrementAndGet(), overflows::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> accepted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            accepted.add(producers.submit(() -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < 1_000; i++) {
                    if (q.offer(i)) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : accepted) {
            total += f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        // Every accepted item is either the one write in flight or queued. Usually the first write
        // starts before the queue fills (limit + 1 accepted); when the producer that queued the
        // first item is descheduled before it starts the write, the others can fill the queue
        // first, and that item then leaves the queue for the write (limit accepted).
        assertEquals(1, started.get());
        assertEquals(total, started.get() + q.size(), "accepted = written + queued");
        assertTrue(total == limit || total == limit + 1, "accepted " + total);
        assertEquals(1, overflows.get());
    }

    // ---- deep inline completion ----

    @Test
    void hundredThousandInlineCompletingWritesDoNotOverflowTheStack() {
        int total = 100_000;
        List<Integer> written = new ArrayList<>(total);
        AtomicReference<OutboundQueue<Integer>> ref = new AtomicReference<>();
        OutboundQueue<Integer> q = queue(Integer.MAX_VALUE, item -> {
            written.add(item);
            ref.get().written();
        });
        ref.set(q);
        for (int i = 0; i < total; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(total, written.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, written.get(i));
        }
    }

    @Test
    void backlogOfHundredThousandIsDrainedByALoopNotRecursion() {
        int total = 100_000;
        List<Integer> written = new ArrayList<>(total + 1);
        AtomicReference<OutboundQueue<Integer>> ref = new AtomicReference<>();
        OutboundQueue<Integer> q = queue(Integer.MAX_VALUE, item -> {
            written.add(item);
            if (item >= 0) {
                ref.get().written(); // every item but the first completes inline
            }
        });
        ref.set(q);
        assertTrue(q.offer(-1)); // stays in flight
        for (int i = 0; i < total; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(1, written.size());
        assertEquals(total, q.size());

        q.written(); // completes -1: the whole backlog drains inside this call
        assertEquals(total + 1, written.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i, written.get(i + 1));
        }
        assertEquals(0, q.size());
    }

    // ---- failing writer ----

    @Test
    void aThrowingWriterDoesNotWedgeTheQueue() {
        List<String> written = new ArrayList<>();
        RuntimeException boom = new IllegalStateException("boom");
        OutboundQueue<String> q = queue(10, item -> {
            if (item.equals("bad")) {
                throw boom;
            }
            written.add(item);
        });
        assertSame(boom, assertThrows(IllegalStateException.class, () -> q.offer("bad")));
        assertTrue(q.offer("good"));
        assertEquals(List.of("good"), written);
        assertTrue(q.offer("next"));
        q.written();
        assertEquals(List.of("good", "next"), written);
    }

    @Test
    void enqueueWaitsForFlushAndKeepsTheLimit() {
        List<Integer> written = new ArrayList<>();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue<Integer>[] holder = new OutboundQueue[1];
        holder[0] = new OutboundQueue<>(
                3,
                item -> {
                    written.add(item);
                    holder[0].written();
                },
                overflows::incrementAndGet);
        OutboundQueue<Integer> queue = holder[0];

        assertTrue(queue.enqueue(1));
        assertTrue(queue.enqueue(2));
        assertTrue(queue.enqueue(3));
        assertTrue(written.isEmpty(), "nothing is written before flush");
        assertFalse(queue.enqueue(4), "over the limit");
        assertEquals(1, overflows.get());

        queue.flush();
        assertEquals(List.of(1, 2, 3), written);
    }
}
