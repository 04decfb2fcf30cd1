package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.connection.ConnectionRegistry.Registration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    private final ChannelRegistry channels = new ChannelRegistry();
    private final ConnectionRegistry registry =
            new ConnectionRegistry(channels, new ChannelNames(164, 200, List.of("user.*")), 3);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void registerAndCloseCountConnections() {
        assertEquals(0, registry.connectionCount());
        Registration a = registry.register(new RecordingConnection("1.1"));
        Registration b = registry.register(new RecordingConnection("1.2"));
        assertEquals(2, registry.connectionCount());
        assertSame(a, registry.find("1.1").orElseThrow());
        assertTrue(registry.find("9.9").isEmpty());

        a.close();
        assertEquals(1, registry.connectionCount());
        assertTrue(registry.find("1.1").isEmpty());
        a.close();
        assertEquals(1, registry.connectionCount(), "close is idempotent");
        b.close();
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void eachEndedConnectionCountsOnceWithItsFirstReason() {
        Registration a = registry.register(new RecordingConnection("1.1"));
        Registration b = registry.register(new RecordingConnection("1.2"));
        Registration c = registry.register(new RecordingConnection("1.3"));
        a.close(Disconnect.TIMEOUT);
        a.close(Disconnect.SHUTDOWN);
        a.close();
        b.close();
        c.close(Disconnect.SLOW);
        Disconnects ended = registry.disconnects();
        assertEquals(1, ended.count("test", Disconnect.TIMEOUT));
        assertEquals(0, ended.count("test", Disconnect.SHUTDOWN), "a second close does not count");
        assertEquals(1, ended.count("test", Disconnect.CLIENT), "close() is the client going away");
        assertEquals(1, ended.count("test", Disconnect.SLOW));
        assertEquals(0, ended.count("websocket", Disconnect.CLIENT));
        assertEquals(Disconnect.values().length, ended.snapshot().get("test").length, "one count per reason");
    }

    @Test
    void closeHooksRunOnceWhenTheRegistrationClosesOrAtOnceWhenItHas() {
        Registration a = registry.register(new RecordingConnection("1.1"));
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        a.onClose(closed::incrementAndGet);
        a.onClose(() -> {
            throw new IllegalStateException("a failing hook does not stop the others");
        });
        a.onClose(closed::incrementAndGet);
        assertEquals(0, closed.get());
        a.close();
        a.close();
        assertEquals(2, closed.get());
        a.onClose(closed::incrementAndGet);
        assertEquals(3, closed.get(), "a hook added after the close runs at once");
    }

    @Test
    void duplicateIdIsRefused() {
        Registration first = registry.register(new RecordingConnection("1.1"));
        assertThrows(IllegalStateException.class, () -> registry.register(new RecordingConnection("1.1")));
        assertEquals(1, registry.connectionCount());
        assertSame(first, registry.find("1.1").orElseThrow());
        first.close();
        registry.register(new RecordingConnection("1.1")).close(); // the id is free again
    }

    @Test
    void closingAnOldRegistrationDoesNotRemoveANewOneWithTheSameId() {
        Registration old = registry.register(new RecordingConnection("1.1"));
        old.close();
        Registration current = registry.register(new RecordingConnection("1.1"));
        old.close();
        assertSame(current, registry.find("1.1").orElseThrow());
        assertEquals(1, registry.connectionCount());
    }

    @Test
    void userConnectionsAreTracked() {
        RecordingConnection a1 = new RecordingConnection("1.1", "alice");
        RecordingConnection a2 = new RecordingConnection("1.2", "alice");
        RecordingConnection b1 = new RecordingConnection("1.3", "bob");
        RecordingConnection anon = new RecordingConnection("1.4");
        Registration ra1 = registry.register(a1);
        Registration ra2 = registry.register(a2);
        Registration rb1 = registry.register(b1);
        registry.register(anon);

        assertEquals(Set.of(a1, a2), Set.copyOf(registry.userConnections("alice")));
        assertEquals(List.of(b1), List.copyOf(registry.userConnections("bob")));
        assertTrue(registry.userConnections("carol").isEmpty());

        Collection<Connection> snapshot = registry.userConnections("alice");
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(b1));
        ra1.close();
        assertEquals(2, snapshot.size(), "a snapshot does not change");
        assertEquals(List.of(a2), List.copyOf(registry.userConnections("alice")));
        ra2.close();
        assertTrue(registry.userConnections("alice").isEmpty());
        rb1.close();
        assertTrue(registry.userConnections("bob").isEmpty());
        assertEquals(1, registry.connectionCount());
    }

    @Test
    void subscriptionsAreRecordedInBothRegistries() {
        RecordingConnection c = new RecordingConnection("1.1");
        Registration r = registry.register(c);
        assertSame(c, r.connection());
        assertTrue(r.subscribe("news"));
        assertFalse(r.subscribe("news"), "second subscribe is harmless");
        assertTrue(r.isSubscribed("news"));
        assertEquals(Set.of("news"), Set.copyOf(r.channels()));
        assertEquals(1, channels.subscriberCount("news"));

        assertTrue(r.unsubscribe("news"));
        assertFalse(r.unsubscribe("news"));
        assertFalse(r.isSubscribed("news"));
        assertEquals(0, channels.subscriberCount("news"));
        assertFalse(channels.occupied().contains("news"));
        assertThrows(UnsupportedOperationException.class, () -> r.channels().add("x"));
    }

    @Test
    void invalidChannelIsRefusedAndNothingRecorded() {
        Registration r = registry.register(new RecordingConnection("1.1"));
        RealtimeException e = assertThrows(RealtimeException.class, () -> r.subscribe("bad name"));
        assertEquals("invalid_channel", e.code());
        assertTrue(r.channels().isEmpty());
        assertTrue(channels.occupied().isEmpty());
    }

    @Test
    void channelsPerConnectionLimit() {
        Registration r = registry.register(new RecordingConnection("1.1"));
        r.subscribe("a");
        r.subscribe("b");
        r.subscribe("c");
        RealtimeException e = assertThrows(RealtimeException.class, () -> r.subscribe("d"));
        assertEquals("too_many_channels", e.code());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertFalse(r.isSubscribed("d"));
        assertEquals(0, channels.subscriberCount("d"));

        assertFalse(r.subscribe("a"), "re-subscribing at the limit is allowed");
        r.unsubscribe("a");
        assertTrue(r.subscribe("d"), "room again after an unsubscribe");

        Registration other = registry.register(new RecordingConnection("1.2"));
        other.subscribe("a");
        other.subscribe("b");
        other.subscribe("c");
        assertEquals(3, other.channels().size(), "the limit is per connection");
    }

    @Test
    void closeUnsubscribesFromEverything() {
        RecordingConnection c = new RecordingConnection("1.1");
        Registration r = registry.register(c);
        Registration other = registry.register(new RecordingConnection("1.2"));
        r.subscribe("a");
        r.subscribe("b");
        other.subscribe("b");

        r.close();
        assertTrue(r.channels().isEmpty());
        assertEquals(0, channels.subscriberCount("a"));
        assertEquals(1, channels.subscriberCount("b"));
        assertEquals(Set.of("b"), Set.copyOf(channels.occupied()));
    }

    @Test
    void subscribingAfterCloseDoesNotResurrectTheConnection() {
        RecordingConnection c = new RecordingConnection("1.1");
        Registration r = registry.register(c);
        r.subscribe("a");
        r.close();

        assertFalse(r.subscribe("news"));
        assertFalse(r.isSubscribed("news"));
        assertEquals(0, channels.subscriberCount("news"));
        assertTrue(channels.occupied().isEmpty(), "a closed connection stays out of every channel");
        r.close();
        assertTrue(channels.occupied().isEmpty());
    }

    @Test
    void subscribeRacingCloseNeverLeavesAClosedConnectionSubscribed() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Registration r = registry.register(new RecordingConnection("c." + i));
            CountDownLatch start = new CountDownLatch(1);
            Future<?> subscribe = pool.submit(() -> {
                start.await();
                return r.subscribe("race");
            });
            Future<?> close = pool.submit(() -> {
                start.await();
                r.close();
                return null;
            });
            start.countDown();
            subscribe.get(30, TimeUnit.SECONDS);
            close.get(30, TimeUnit.SECONDS);
            assertEquals(0, channels.subscriberCount("race"), "iteration " + i);
            assertFalse(r.isSubscribed("race"), "iteration " + i);
        }
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void registerRacingCloseOfTheSameUsersOtherConnectionKeepsBoth() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            Registration leaving = registry.register(new RecordingConnection("l." + i, "alice"));
            RecordingConnection joining = new RecordingConnection("j." + i, "alice");
            CountDownLatch start = new CountDownLatch(1);
            Future<Registration> join = pool.submit(() -> {
                start.await();
                return registry.register(joining);
            });
            Future<?> leave = pool.submit(() -> {
                start.await();
                leaving.close();
                return null;
            });
            start.countDown();
            Registration joined = join.get(30, TimeUnit.SECONDS);
            leave.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(joining), List.copyOf(registry.userConnections("alice")), "iteration " + i);
            joined.close();
            assertTrue(registry.userConnections("alice").isEmpty());
        }
    }

    @Test
    void registerWhileTheUsersOtherConnectionClosesKeepsTheNewOne() throws Exception {
        // Deterministic version of the race above: the joining connection is paused while it is being
        // added to the user's set, and the user's only other connection closes meanwhile.
        Registration leaving = registry.register(new RecordingConnection("l.1", "alice"));
        CountDownLatch adding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(true);
        RecordingConnection joining = new RecordingConnection("j.1", "alice") {
            @Override
            public int hashCode() {
                if (armed.compareAndSet(true, false)) { // the first hash is the add to the user's set
                    adding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.hashCode();
            }
        };
        Future<Registration> join = pool.submit(() -> registry.register(joining));
        assertTrue(adding.await(30, TimeUnit.SECONDS));
        Future<?> leave = pool.submit(() -> {
            leaving.close();
            return null;
        });
        try {
            // an unsafe registry lets the close finish now; a safe one makes it wait for the add
            leave.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException waiting) {
            // expected with a registry that updates the user's set atomically
        }
        release.countDown();
        Registration joined = join.get(30, TimeUnit.SECONDS);
        leave.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(joining), List.copyOf(registry.userConnections("alice")));
        joined.close();
        assertTrue(registry.userConnections("alice").isEmpty());
    }

    @Test
    void concurrentRegistrationsOfOneUser() throws Exception {
        ExecutorService four = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Connection>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(four.submit(() -> {
                    start.await();
                    List<Connection> open = new ArrayList<>();
                    for (int i = 0; i < 1_000; i++) {
                        RecordingConnection c = new RecordingConnection(thread + "." + i, "bob");
                        Registration r = registry.register(c);
                        if (i % 3 == 0) {
                            r.close();
                        } else {
                            open.add(c);
                        }
                    }
                    return open;
                }));
            }
            start.countDown();
            Set<Connection> expected = new HashSet<>();
            for (Future<List<Connection>> f : futures) {
                expected.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(expected, Set.copyOf(registry.userConnections("bob")));
            assertEquals(expected.size(), registry.connectionCount());
        } finally {
            four.shutdownNow();
        }
    }
}
