package dev.realtime.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncPublisherTest {
    private static final Duration PING = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BrokerCounters counters = new BrokerCounters();
    private final List<AsyncPublisher> opened = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    void tearDown() {
        gates.forEach(CountDownLatch::countDown);
        opened.forEach(p -> p.close(Duration.ofMillis(100)));
    }

    private AsyncPublisher open(AsyncPublisher.Sink sink, int capacity, int maxBatch) {
        AsyncPublisher p = new AsyncPublisher("test", sink, capacity, maxBatch, PING, counters);
        opened.add(p);
        return p;
    }

    private CountDownLatch gate() {
        CountDownLatch latch = new CountDownLatch(1);
        gates.add(latch);
        return latch;
    }

    private static List<Message> messages(int count) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Message("m" + i, "c", "e", String.valueOf(i), i, "node", null));
        }
        return out;
    }

    private BrokerStats stats() {
        return counters.snapshot("test", true, 0, -1);
    }

    /** A sink that records what it sent; its first ping waits for {@code firstPing} (if given). */
    private static class RecordingSink implements AsyncPublisher.Sink {
        final List<Message> sent = new CopyOnWriteArrayList<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();
        final CountDownLatch firstPing;

        RecordingSink(CountDownLatch firstPing) {
            this.firstPing = firstPing;
        }

        @Override
        public void send(List<Message> batch) throws Exception {
            batchSizes.add(batch.size());
            sent.addAll(batch);
        }

        @Override
        public void ping() throws Exception {
            if (pings.getAndIncrement() == 0 && firstPing != null) {
                firstPing.await();
            }
        }

        @Override
        public void disconnect() {
            disconnects.incrementAndGet();
        }
    }

    @Test
    void offerNeverBlocksAndDropsWhatDoesNotFit() {
        int capacity = 5;
        int extra = 7;
        CountDownLatch release = gate();
        CountDownLatch inSend = new CountDownLatch(1);
        AsyncPublisher.Sink blocked = new RecordingSink(null) {
            @Override
            public void send(List<Message> batch) throws Exception {
                inSend.countDown();
                release.await(); // blocks "forever" (until tear-down)
            }
        };
        AsyncPublisher publisher = open(blocked, capacity, 10);
        List<Message> all = messages(1 + capacity + extra);

        assertTrue(publisher.offer(all.get(0)));
        await().atMost(WAIT).until(() -> inSend.getCount() == 0);
        assertEquals(0, publisher.pending());

        List<Boolean> results = new ArrayList<>();
        for (Message m : all.subList(1, all.size())) {
            results.add(publisher.offer(m)); // the test thread would hang here if offer blocked
        }
        assertEquals(Collections.nCopies(capacity, true), results.subList(0, capacity));
        assertEquals(Collections.nCopies(extra, false), results.subList(capacity, results.size()));
        assertEquals(extra, stats().dropped());
        assertEquals(extra, counters.dropped());
        assertEquals(capacity, publisher.pending());
    }

    @Test
    void orderIsPreservedAcrossBatches() {
        CountDownLatch firstPing = gate();
        RecordingSink sink = new RecordingSink(firstPing);
        AsyncPublisher publisher = open(sink, 100, 3);
        List<Message> all = messages(20);
        all.forEach(m -> assertTrue(publisher.offer(m)));
        firstPing.countDown();

        await().atMost(WAIT).until(() -> sink.sent.size() == all.size());
        assertEquals(all, sink.sent);
        assertTrue(sink.batchSizes.size() >= 7, "batches " + sink.batchSizes);
        assertTrue(sink.batchSizes.stream().allMatch(n -> n >= 1 && n <= 3), "batches " + sink.batchSizes);
        assertEquals(0, stats().dropped());
        assertEquals(0, stats().failed());
    }

    @Test
    void failingSinkIsRetriedUntilTheBatchGoesThroughExactlyOnce() {
        int failures = 3;
        CountDownLatch firstPing = gate();
        AtomicReference<AsyncPublisher> self = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        List<Boolean> connectedWhenRetrying = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink(firstPing) {
            @Override
            public void send(List<Message> batch) throws Exception {
                int attempt = attempts.incrementAndGet();
                if (attempt > 1) {
                    connectedWhenRetrying.add(self.get().isConnected());
                }
                if (attempt <= failures) {
                    throw new java.io.IOException("broker down #" + attempt);
                }
                super.send(batch);
            }
        };
        AsyncPublisher publisher = open(sink, 100, 100);
        self.set(publisher);
        List<Message> all = messages(10);
        all.forEach(m -> assertTrue(publisher.offer(m)));
        firstPing.countDown();

        await().atMost(WAIT).until(() -> sink.sent.size() == all.size());
        await().atMost(WAIT).until(publisher::isConnected);
        assertEquals(all, sink.sent);
        assertEquals(failures + 1, attempts.get());
        assertEquals(Collections.nCopies(failures, false), connectedWhenRetrying);
        assertTrue(sink.disconnects.get() >= failures, "a failed send disconnects");
        assertEquals(0, stats().failed());
        assertEquals(0, stats().dropped());
    }

    @Test
    void isConnectedFollowsSendFailureAndRecovery() {
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger attempts = new AtomicInteger();
        RecordingSink sink = new RecordingSink(null) {
            @Override
            public void send(List<Message> batch) throws Exception {
                attempts.incrementAndGet();
                if (!healthy.get()) {
                    throw new IllegalStateException("down");
                }
                super.send(batch);
            }
        };
        AsyncPublisher publisher = open(sink, 100, 100);
        await().atMost(WAIT).until(publisher::isConnected); // the first ping succeeded

        Message m = messages(1).get(0);
        assertTrue(publisher.offer(m));
        await().atMost(WAIT).until(() -> attempts.get() >= 2);
        assertFalse(publisher.isConnected());
        assertTrue(sink.sent.isEmpty());

        healthy.set(true);
        await().atMost(WAIT).until(() -> sink.sent.size() == 1);
        await().atMost(WAIT).until(publisher::isConnected);
        assertEquals(List.of(m), sink.sent);
    }

    @Test
    void sinkThatRemovesSentMessagesOnFailureCausesNoDuplicates() {
        CountDownLatch firstPing = gate();
        List<Message> broker = new CopyOnWriteArrayList<>();
        List<Integer> attemptSizes = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        RecordingSink sink = new RecordingSink(firstPing) {
            @Override
            public void send(List<Message> batch) throws Exception {
                attemptSizes.add(batch.size());
                int attempt = attempts.incrementAndGet();
                if (attempt <= 2) {
                    // two messages reach the broker, then the connection breaks
                    for (int i = 0; i < 2; i++) {
                        broker.add(batch.remove(0));
                    }
                    throw new java.io.IOException("connection reset after 2");
                }
                broker.addAll(batch);
            }
        };
        AsyncPublisher publisher = open(sink, 100, 100);
        List<Message> all = messages(10);
        all.forEach(m -> assertTrue(publisher.offer(m)));
        firstPing.countDown();

        await().atMost(WAIT).until(() -> broker.size() >= all.size());
        assertEquals(all, broker);
        assertEquals(List.of(10, 8, 6), attemptSizes);
        assertEquals(0, stats().failed());
    }

    @Test
    void closeWakesAnIdleSenderInsteadOfInterruptingIt() throws Exception {
        AtomicBoolean interruptedAtDisconnect = new AtomicBoolean(true);
        CountDownLatch idle = new CountDownLatch(1);
        AsyncPublisher.Sink sink = new RecordingSink(null) {
            @Override
            public void ping() {
                idle.countDown();
            }

            @Override
            public void disconnect() {
                interruptedAtDisconnect.set(Thread.currentThread().isInterrupted());
            }
        };
        // An hour between pings: the sender waits for messages all along
        AsyncPublisher publisher = new AsyncPublisher("test", sink, 10, 4, Duration.ofHours(1), counters);
        opened.add(publisher);
        assertTrue(idle.await(10, TimeUnit.SECONDS));

        publisher.close(Duration.ofSeconds(2));

        assertFalse(interruptedAtDisconnect.get(), "the sender ended by itself, before close() had to interrupt it");
        assertEquals(0, publisher.pending(), "the wake-up marker is not a message");
        assertEquals(0, stats().failed());
    }

    @Test
    void closeDrainsWhatIsQueued() {
        CountDownLatch firstPing = gate();
        RecordingSink sink = new RecordingSink(firstPing);
        AsyncPublisher publisher = open(sink, 100, 4);
        List<Message> all = messages(25);
        all.forEach(m -> assertTrue(publisher.offer(m)));
        assertEquals(25, publisher.pending());
        firstPing.countDown();

        publisher.close(Duration.ofSeconds(10));
        assertEquals(all, sink.sent);
        assertEquals(0, publisher.pending());
        assertEquals(0, stats().failed());
        await().atMost(WAIT).until(() -> sink.disconnects.get() >= 1);
    }

    @Test
    void messagesLeftAfterCloseAreCountedFailed() {
        CountDownLatch release = gate();
        CountDownLatch inSend = new CountDownLatch(1);
        RecordingSink stuck = new RecordingSink(null) {
            @Override
            public void send(List<Message> batch) throws Exception {
                inSend.countDown();
                release.await(); // interrupted by close
            }
        };
        AsyncPublisher publisher = open(stuck, 100, 100);
        List<Message> all = messages(5);
        assertTrue(publisher.offer(all.get(0)));
        await().atMost(WAIT).until(() -> inSend.getCount() == 0);
        all.subList(1, 5).forEach(m -> assertTrue(publisher.offer(m)));

        publisher.close(Duration.ofMillis(50));
        assertEquals(0, publisher.pending());
        // 4 still queued (counted by close) + the one in the stuck batch (counted by the thread)
        await().atMost(WAIT).until(() -> stats().failed() == 5);
        await().atMost(WAIT).until(() -> stuck.disconnects.get() >= 1);
        assertTrue(stuck.sent.isEmpty());
        assertEquals(0, stats().dropped());
    }

    @Test
    void offerAfterCloseIsDropped() {
        RecordingSink sink = new RecordingSink(null);
        AsyncPublisher publisher = open(sink, 10, 10);
        publisher.close(Duration.ofSeconds(1));

        assertFalse(publisher.offer(messages(1).get(0)));
        assertEquals(1, stats().dropped());
        assertEquals(0, publisher.pending());
        assertTrue(sink.sent.isEmpty());
        publisher.close(Duration.ofSeconds(1)); // idempotent
        assertEquals(1, stats().dropped());
    }

    @Test
    void pingsWhileIdleAndPingFailureMeansDisconnected() {
        AtomicBoolean reachable = new AtomicBoolean(true);
        RecordingSink sink = new RecordingSink(null) {
            @Override
            public void ping() throws Exception {
                pings.incrementAndGet();
                if (!reachable.get()) {
                    throw new java.net.ConnectException("refused");
                }
            }
        };
        AsyncPublisher publisher = open(sink, 10, 10);
        await().atMost(WAIT).until(() -> sink.pings.get() >= 3);
        await().atMost(WAIT).until(publisher::isConnected);

        reachable.set(false);
        int before = sink.disconnects.get();
        await().atMost(WAIT).until(() -> !publisher.isConnected());
        await().atMost(WAIT).until(() -> sink.disconnects.get() > before);

        reachable.set(true);
        await().atMost(WAIT).until(publisher::isConnected);
        assertTrue(sink.sent.isEmpty(), "pings send nothing");
    }

    @Test
    void reportConnectedOverridesTheState() {
        RecordingSink sink = new RecordingSink(gate()); // first ping never finishes: state stays as reported
        AsyncPublisher publisher = open(sink, 10, 10);
        assertFalse(publisher.isConnected());
        publisher.reportConnected(true);
        assertTrue(publisher.isConnected());
        publisher.reportConnected(false);
        assertFalse(publisher.isConnected());
    }
}
