package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.presence.Presence;
import dev.realtime.presence.PresenceMember;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Presence in the {@link ConnectionRegistry}: when the listener hears of joins and leaves. */
class ConnectionRegistryPresenceTest {
    private static final String ROOM = "presence-room";
    private static final PresenceMember ALICE = new PresenceMember("alice", "{\"name\":\"Alice\"}");
    private static final PresenceMember BOB = new PresenceMember("bob", null);

    /** Records the listener's calls as readable strings. */
    static class RecordingListener implements Presence.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void joined(String channel, PresenceMember member, String connectionId) {
            events.add("joined " + channel + " " + member.userId() + " via " + connectionId);
        }

        @Override
        public void left(String channel, PresenceMember member, Presence.Departure why) {
            events.add("left " + channel + " " + member.userId());
        }

        List<String> take() {
            List<String> copy = List.copyOf(events);
            events.clear();
            return copy;
        }
    }

    private final ChannelRegistry channels = new ChannelRegistry();
    private final RecordingListener listener = new RecordingListener();
    private final Presence presence = new Presence(listener);
    private final ConnectionRegistry registry = registry(presence);

    private ConnectionRegistry registry(Presence presence) {
        return new ConnectionRegistry(channels, new ChannelNames(164, 200, List.of("user.*")), 3, presence);
    }

    @Test
    void subscribingWithAMemberJoinsThePresenceChannel() {
        RecordingConnection c = new RecordingConnection("1.1", "alice");
        Registration r = registry.register(c);
        assertTrue(r.subscribe(ROOM, ALICE));
        assertTrue(r.isSubscribed(ROOM));
        assertEquals(1, channels.subscriberCount(ROOM));
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(List.of("joined presence-room alice via 1.1"), listener.take());
    }

    @Test
    void onlyTheFirstAndLastConnectionOfAUserAreAnnounced() {
        Registration a1 = registry.register(new RecordingConnection("1.1", "alice"));
        Registration a2 = registry.register(new RecordingConnection("1.2", "alice"));
        Registration b1 = registry.register(new RecordingConnection("1.3", "bob"));

        a1.subscribe(ROOM, ALICE);
        a2.subscribe(ROOM, ALICE);
        b1.subscribe(ROOM, BOB);
        assertEquals(
                List.of("joined presence-room alice via 1.1", "joined presence-room bob via 1.3"), listener.take());
        assertEquals(List.of(ALICE, BOB), presence.members(ROOM));

        a1.close();
        assertEquals(List.of(), listener.take(), "alice is still there through 1.2");
        a2.unsubscribe(ROOM);
        assertEquals(List.of("left presence-room alice"), listener.take());
        assertTrue(a2.subscribe(ROOM, ALICE));
        assertEquals(List.of("joined presence-room alice via 1.2"), listener.take(), "alice is back");
        a2.close();
        b1.close();
        assertEquals(List.of("left presence-room alice", "left presence-room bob"), listener.take());
        assertEquals(List.of(), presence.members(ROOM));
    }

    @Test
    void closeLeavesEveryPresenceChannel() {
        Registration r = registry.register(new RecordingConnection("1.1", "alice"));
        r.subscribe("presence-a", ALICE);
        r.subscribe("presence-b", ALICE);
        r.subscribe("news");
        listener.take();

        r.close();
        assertEquals(
                List.of("left presence-a alice", "left presence-b alice"),
                listener.take().stream().sorted().toList());
        assertEquals(List.of(), presence.members("presence-a"));
        assertEquals(List.of(), presence.members("presence-b"));
        r.close();
        assertEquals(List.of(), listener.take(), "close is idempotent");
    }

    @Test
    void resubscribingIsNotAnotherJoin() {
        Registration r = registry.register(new RecordingConnection("1.1", "alice"));
        assertTrue(r.subscribe(ROOM, ALICE));
        assertFalse(r.subscribe(ROOM, ALICE));
        assertEquals(List.of("joined presence-room alice via 1.1"), listener.take());
        r.unsubscribe(ROOM);
        assertEquals(List.of("left presence-room alice"), listener.take());
        assertFalse(r.unsubscribe(ROOM));
        assertEquals(List.of(), listener.take(), "a second unsubscribe is silent");
    }

    @Test
    void subscribingWithoutAMemberIsAPlainSubscription() {
        Registration r = registry.register(new RecordingConnection("1.1", "alice"));
        assertTrue(r.subscribe(ROOM, null));
        assertTrue(r.subscribe("news"));
        assertTrue(r.isSubscribed(ROOM));
        assertEquals(List.of(), presence.members(ROOM));
        r.unsubscribe(ROOM);
        r.close();
        assertEquals(List.of(), listener.take());
    }

    @Test
    void subscribingAfterCloseDoesNotJoin() {
        Registration r = registry.register(new RecordingConnection("1.1", "alice"));
        r.close();
        assertFalse(r.subscribe(ROOM, ALICE));
        assertFalse(r.isSubscribed(ROOM));
        assertEquals(0, channels.subscriberCount(ROOM));
        assertEquals(List.of(), presence.members(ROOM));
        assertEquals(List.of(), listener.take());
    }

    @Test
    void aRefusedSubscriptionDoesNotJoin() {
        Registration r = registry.register(new RecordingConnection("1.1", "alice"));
        assertEquals(
                "invalid_channel",
                assertThrows(RealtimeException.class, () -> r.subscribe("presence-bad name", ALICE))
                        .code());
        r.subscribe("a");
        r.subscribe("b");
        r.subscribe("c");
        assertEquals(
                "too_many_channels",
                assertThrows(RealtimeException.class, () -> r.subscribe(ROOM, ALICE))
                        .code());
        assertFalse(r.isSubscribed(ROOM));
        assertEquals(List.of(), presence.members(ROOM));
        assertEquals(List.of(), listener.take());
    }

    @Test
    void unsubscribeOfAnotherConnectionDoesNotTouchPresence() {
        Registration a = registry.register(new RecordingConnection("1.1", "alice"));
        Registration b = registry.register(new RecordingConnection("1.2", "bob"));
        a.subscribe(ROOM, ALICE);
        listener.take();
        assertFalse(b.unsubscribe(ROOM));
        b.close();
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(List.of(), listener.take());
    }

    @Test
    void theDefaultConstructorKeepsPresenceWithoutListener() {
        ConnectionRegistry plain =
                new ConnectionRegistry(new ChannelRegistry(), new ChannelNames(164, 200, List.of()), 3);
        Registration r = plain.register(new RecordingConnection("1.1", "alice"));
        assertTrue(r.subscribe(ROOM, ALICE));
        r.close();
        assertEquals(0, plain.connectionCount());
    }

    /**
     * The connection closes (another thread: a slow-client disconnect, the socket closing) after the
     * subscribe checked it was open and before it joined: the closed connection must not stay a
     * member.
     */
    @Test
    void aCloseRacingThePresenceJoinLeavesNoGhostMember() {
        AtomicReference<Registration> closeDuringJoin = new AtomicReference<>();
        RecordingListener racingListener = new RecordingListener() {
            @Override
            public void joined(String channel, PresenceMember member, String connectionId) {
                super.joined(channel, member, connectionId);
                Registration r = closeDuringJoin.getAndSet(null);
                if (r != null) {
                    r.close();
                }
            }
        };
        Presence racing = new Presence(racingListener);
        ConnectionRegistry registry = registry(racing);
        Registration bob = registry.register(new RecordingConnection("1.2", "bob"));
        bob.subscribe(ROOM, BOB);
        racingListener.take();

        Registration alice = registry.register(new RecordingConnection("1.1", "alice"));
        closeDuringJoin.set(alice);
        alice.subscribe(ROOM, ALICE);

        assertEquals(List.of(BOB), racing.members(ROOM), "alice's connection is closed");
        assertEquals(1, channels.subscriberCount(ROOM));
        assertEquals(
                List.of("joined presence-room alice via 1.1", "left presence-room alice"),
                racingListener.take(),
                "the announced arrival is followed by its departure");
    }

    @Test
    void subscribeRacingCloseNeverLeavesAGhostMember() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2_000; i++) {
                PresenceMember member = new PresenceMember("u" + i, null);
                Registration r = registry.register(new RecordingConnection("c." + i, member.userId()));
                CountDownLatch start = new CountDownLatch(1);
                Future<?> subscribe = pool.submit(() -> {
                    start.await();
                    return r.subscribe(ROOM, member);
                });
                Future<?> close = pool.submit(() -> {
                    start.await();
                    r.close();
                    return null;
                });
                start.countDown();
                subscribe.get(60, TimeUnit.SECONDS); // a guard against a deadlock, not a timing assertion
                close.get(60, TimeUnit.SECONDS);
                assertEquals(List.of(), presence.members(ROOM), "iteration " + i);
                assertEquals(0, channels.subscriberCount(ROOM), "iteration " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        long joined =
                listener.events.stream().filter(e -> e.startsWith("joined")).count();
        long left = listener.events.stream().filter(e -> e.startsWith("left")).count();
        assertEquals(joined, left, "every announced arrival has its departure");
    }

    // ---- identify ----

    @Test
    void identifyIndexesAConnectionWhoseUserBecameKnown() {
        SigningInConnection c = new SigningInConnection("1.1");
        Registration r = registry.register(c);
        assertTrue(registry.userConnections("alice").isEmpty());

        c.signIn("alice");
        assertTrue(registry.userConnections("alice").isEmpty(), "not until identify()");
        r.identify();
        assertEquals(List.of(c), List.copyOf(registry.userConnections("alice")));
        r.identify();
        assertEquals(List.of(c), List.copyOf(registry.userConnections("alice")), "identify is idempotent");

        RecordingConnection other = new RecordingConnection("1.2", "alice");
        Registration r2 = registry.register(other);
        assertEquals(2, registry.userConnections("alice").size());

        r.close();
        assertEquals(List.of(other), List.copyOf(registry.userConnections("alice")));
        r2.close();
        assertTrue(registry.userConnections("alice").isEmpty());
    }

    @Test
    void identifyOfAnAnonymousConnectionDoesNothing() {
        SigningInConnection c = new SigningInConnection("1.1");
        Registration r = registry.register(c);
        r.identify();
        assertEquals(1, registry.connectionCount());
        r.close();
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void identifyAfterCloseDoesNotIndexTheConnection() {
        SigningInConnection c = new SigningInConnection("1.1");
        Registration r = registry.register(c);
        r.close();
        c.signIn("alice");
        r.identify();
        assertTrue(registry.userConnections("alice").isEmpty());
    }

    /** The connection closes on another thread while identify() is indexing it. */
    @Test
    void aCloseRacingIdentifyLeavesNoClosedConnectionIndexed() {
        AtomicReference<Registration> registration = new AtomicReference<>();
        SigningInConnection c = new SigningInConnection("1.1") {
            private boolean closing;

            @Override
            public String userId() {
                Registration r = registration.get();
                if (r != null && !closing) {
                    closing = true;
                    r.close(); // after identify() checked the registration, before it indexes
                }
                return super.userId();
            }
        };
        Registration r = registry.register(c);
        c.signIn("alice");
        registration.set(r);
        r.identify();

        assertEquals(0, registry.connectionCount());
        assertTrue(registry.userConnections("alice").isEmpty(), "a closed connection stays out of the index");
    }
}
