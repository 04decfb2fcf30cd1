package dev.realtime.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.connection.Connection;
import dev.realtime.connection.RecordingConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {

    private final ChannelRegistry registry = new ChannelRegistry();
    private final Connection a = new RecordingConnection("1.1");
    private final Connection b = new RecordingConnection("1.2");

    @Test
    void unknownChannelHasNoSubscribers() {
        assertEquals(0, registry.subscriberCount("nobody"));
        assertTrue(registry.subscribers("nobody").isEmpty());
        assertTrue(registry.occupied().isEmpty());
    }

    @Test
    void subscribeAndUnsubscribeReportChanges() {
        assertTrue(registry.subscribe("news", a));
        assertFalse(registry.subscribe("news", a), "second subscribe is a no-op");
        assertTrue(registry.subscribe("news", b));
        assertEquals(2, registry.subscriberCount("news"));
        assertEquals(Set.of(a, b), Set.copyOf(registry.subscribers("news")));

        assertTrue(registry.unsubscribe("news", a));
        assertFalse(registry.unsubscribe("news", a), "second unsubscribe is a no-op");
        assertEquals(1, registry.subscriberCount("news"));
        assertEquals(Set.of(b), Set.copyOf(registry.subscribers("news")));
    }

    @Test
    void unsubscribingFromUnknownChannelIsHarmless() {
        assertFalse(registry.unsubscribe("never", a));
        assertTrue(registry.occupied().isEmpty());
    }

    @Test
    void emptyChannelDisappearsFromOccupied() {
        registry.subscribe("news", a);
        registry.subscribe("sport", a);
        registry.subscribe("sport", b);
        assertEquals(Set.of("news", "sport"), Set.copyOf(registry.occupied()));

        registry.unsubscribe("news", a);
        assertEquals(Set.of("sport"), Set.copyOf(registry.occupied()));
        registry.unsubscribe("sport", a);
        assertEquals(Set.of("sport"), Set.copyOf(registry.occupied()));
        registry.unsubscribe("sport", b);
        assertTrue(registry.occupied().isEmpty());
        assertEquals(0, registry.subscriberCount("sport"));

        assertTrue(registry.subscribe("sport", a), "an emptied channel can be used again");
        assertEquals(1, registry.subscriberCount("sport"));
    }

    @Test
    void viewsAreReadOnly() {
        registry.subscribe("news", a);
        assertThrows(UnsupportedOperationException.class, () -> registry.subscribers("news")
                .add(b));
        assertThrows(UnsupportedOperationException.class, () -> registry.subscribers("none")
                .add(b));
        assertThrows(
                UnsupportedOperationException.class, () -> registry.occupied().clear());
        assertEquals(1, registry.subscriberCount("news"));
    }

    @Test
    void occupiedIsALiveView() {
        Set<String> occupied = registry.occupied();
        registry.subscribe("news", a);
        assertTrue(occupied.contains("news"));
        registry.unsubscribe("news", a);
        assertFalse(occupied.contains("news"));
    }

    @Test
    void concurrentSubscribeAndUnsubscribeKeepCountsConsistent() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            List<List<Connection>> kept = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                List<Connection> mine = new ArrayList<>();
                kept.add(mine);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Connection c = new RecordingConnection(thread + "." + i);
                        registry.subscribe("hot", c);
                        if (i % 2 == 0) {
                            registry.unsubscribe("hot", c);
                        } else {
                            mine.add(c);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            int expected = threads * perThread / 2;
            assertEquals(expected, registry.subscriberCount("hot"));
            for (List<Connection> mine : kept) {
                for (Connection c : mine) {
                    assertTrue(registry.unsubscribe("hot", c));
                }
            }
            assertEquals(0, registry.subscriberCount("hot"));
            assertFalse(registry.occupied().contains("hot"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentLastUnsubscribeAndSubscribeNeverLoseASubscriber() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2_000; i++) {
                Connection leaving = new RecordingConnection("l." + i);
                Connection joining = new RecordingConnection("j." + i);
                registry.subscribe("flip", leaving);
                CountDownLatch start = new CountDownLatch(1);
                Future<?> leave = pool.submit(() -> {
                    start.await();
                    return registry.unsubscribe("flip", leaving);
                });
                Future<?> join = pool.submit(() -> {
                    start.await();
                    return registry.subscribe("flip", joining);
                });
                start.countDown();
                leave.get(30, TimeUnit.SECONDS);
                join.get(30, TimeUnit.SECONDS);
                assertEquals(Set.of(joining), Set.copyOf(registry.subscribers("flip")), "iteration " + i);
                registry.unsubscribe("flip", joining);
                assertTrue(registry.occupied().isEmpty());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void channelViewReadsLiveCounts() {
        Channel channel = new Channel("news", ChannelType.PUBLIC, registry);
        assertEquals("news", channel.getName());
        assertEquals(ChannelType.PUBLIC, channel.getType());
        assertEquals(0, channel.getSubscriberCount());
        assertFalse(channel.isOccupied());
        registry.subscribe("news", a);
        registry.subscribe("news", b);
        assertEquals(2, channel.getSubscriberCount());
        assertTrue(channel.isOccupied());
        registry.unsubscribe("news", a);
        registry.unsubscribe("news", b);
        assertEquals(0, channel.getSubscriberCount());
        assertFalse(channel.isOccupied());
        assertTrue(channel.toString().contains("news"));
        assertTrue(channel.toString().contains("PUBLIC"));
    }
}
