package dev.realtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.RecordingConnection;
import dev.realtime.connection.SigningInConnection;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNodeTest.RecordingBroker;
import dev.realtime.presence.PresenceMember;
import dev.realtime.transport.memory.MemoryClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence through the manager: {@code pusher_internal:member_added} / {@code member_removed}
 * reach the channel's other subscribers on this node, on a user's first and last connection only.
 */
class RealtimeNodePresenceTest {
    private static final String ROOM = "presence-room";
    private static final PresenceMember ALICE = new PresenceMember("alice", "{\"name\":\"Alice\"}");
    private static final PresenceMember BOB = new PresenceMember("bob", null);

    private final RecordingBroker broker = new RecordingBroker();
    private final RealtimeNode manager = new RealtimeNode(
            RealtimeSettings.from(key ->
                    Optional.ofNullable(Map.of("realtime.node.id", "test-node").get(key))),
            broker);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private int nextId;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A registered connection of {@code user} (may be null). */
    private record Client(RecordingConnection connection, Registration registration) {
        String id() {
            return connection.id();
        }

        /** Everything received so far, and forgets it. */
        List<Message> take() {
            List<Message> out = List.copyOf(connection.messages());
            connection.deliveries().clear();
            return out;
        }
    }

    private Client connect(String user) {
        RecordingConnection connection = new RecordingConnection("9." + nextId++, user);
        return new Client(connection, manager.register(connection));
    }

    private Client join(PresenceMember member) {
        Client client = connect(member.userId());
        client.registration().subscribe(ROOM, member);
        return client;
    }

    private static JsonObject object(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static void assertMemberAdded(PresenceMember member, String joiningSocket, Message message) {
        assertEquals(PresenceEvents.MEMBER_ADDED, message.event());
        assertEquals("pusher_internal:member_added", message.event());
        assertEquals(ROOM, message.channel());
        assertEquals(member.toJson(), message.data());
        assertEquals(joiningSocket, message.exceptSocketId());
        assertEquals("test-node", message.originNodeId());
    }

    private static void assertMemberRemoved(String userId, Message message) {
        assertEquals(PresenceEvents.MEMBER_REMOVED, message.event());
        assertEquals("pusher_internal:member_removed", message.event());
        assertEquals(ROOM, message.channel());
        assertEquals(userId, message.userId(), "the departing member's id, for the wire formats");
        assertEquals(userId, object(message.data()).getString("user_id"), "the whole member as data");
        assertNull(message.exceptSocketId());
    }

    @Test
    void memberAddedReachesTheOthersButNotTheJoiningConnection() {
        MemoryClient observer = manager.memory().connect().subscribe(ROOM);
        Client alice = join(ALICE);
        assertEquals(List.of(), alice.take(), "never to the joining connection");
        List<Message> seen = observer.drain();
        assertEquals(1, seen.size());
        assertMemberAdded(ALICE, alice.id(), seen.get(0));

        Client bob = join(BOB);
        assertEquals(List.of(), bob.take());
        List<Message> toAlice = alice.take();
        assertEquals(1, toAlice.size());
        assertMemberAdded(BOB, bob.id(), toAlice.get(0));
        assertEquals(toAlice, observer.drain(), "the same message for every recipient");

        JsonObject data = object(toAlice.get(0).data());
        assertEquals("bob", data.getString("user_id"));
        assertEquals(JsonValue.NULL, data.get("user_info"));
        assertEquals(
                "Alice", object(seen.get(0).data()).getJsonObject("user_info").getString("name"));
    }

    @Test
    void onlyTheUsersFirstConnectionIsAnnounced() {
        Client bob = join(BOB);
        Client alice1 = join(ALICE);
        assertEquals(1, bob.take().size());

        Client alice2 = join(ALICE);
        Client alice3 = join(new PresenceMember("alice", "{\"name\":\"Alice (phone)\"}"));
        assertEquals(List.of(), bob.take(), "alice is already there");
        assertEquals(List.of(), alice1.take());
        assertEquals(List.of(), alice2.take());
        assertEquals(List.of(), alice3.take());
        assertEquals(List.of(BOB, ALICE), manager.presence().members(ROOM));
        assertEquals(2, manager.presence().userCount(ROOM));
        assertEquals(4, manager.channel(ROOM).getSubscriberCount());
    }

    @Test
    void memberRemovedOnlyWhenTheUsersLastConnectionLeaves() {
        Client bob = join(BOB);
        Client alice1 = join(ALICE);
        Client alice2 = join(ALICE);
        bob.take();

        alice1.registration().unsubscribe(ROOM);
        assertEquals(List.of(), bob.take(), "alice is still there through her other connection");
        assertEquals(List.of(), alice2.take());
        assertEquals(List.of(BOB, ALICE), manager.presence().members(ROOM));

        alice2.registration().close();
        List<Message> toBob = bob.take();
        assertEquals(1, toBob.size());
        assertMemberRemoved("alice", toBob.get(0));
        assertEquals(List.of(), alice1.take(), "alice1 unsubscribed before");
        assertEquals(List.of(), alice2.take(), "the leaving connection hears nothing");
        assertEquals(List.of(BOB), manager.presence().members(ROOM));
    }

    @Test
    void unsubscribeAndCloseBothAnnounceTheDeparture() {
        Client bob = join(BOB);
        Client alice = join(ALICE);
        bob.take();

        alice.registration().unsubscribe(ROOM);
        assertMemberRemoved("alice", bob.take().get(0));
        assertEquals(List.of(), alice.take());

        alice.registration().subscribe(ROOM, ALICE);
        List<Message> back = bob.take();
        assertEquals(1, back.size(), "a returning user is announced again");
        assertMemberAdded(ALICE, alice.id(), back.get(0));

        alice.registration().close();
        assertMemberRemoved("alice", bob.take().get(0));
        alice.registration().close();
        assertEquals(List.of(), bob.take(), "close is idempotent");
        assertEquals(List.of(), alice.take());
    }

    @Test
    void otherChannelsHearNothing() {
        MemoryClient news = manager.memory().connect("alice").subscribe("news");
        MemoryClient otherRoom = manager.memory().connect().subscribe("presence-other");
        Client bob = join(BOB);
        Client alice = join(ALICE);
        alice.registration().close();
        bob.registration().close();
        assertEquals(List.of(), news.drain());
        assertEquals(List.of(), otherRoom.drain());
    }

    @Test
    void eachPresenceChannelCountsSeparately() {
        Client bob = connect("bob");
        bob.registration().subscribe("presence-a", BOB);
        bob.registration().subscribe("presence-b", BOB);
        Client alice = connect("alice");
        alice.registration().subscribe("presence-a", ALICE);
        List<Message> first = bob.take();
        assertEquals(1, first.size());
        assertEquals("presence-a", first.get(0).channel());

        alice.registration().subscribe("presence-b", ALICE);
        List<Message> second = bob.take();
        assertEquals(1, second.size(), "alice's first connection on presence-b");
        assertEquals("presence-b", second.get(0).channel());
        assertEquals(List.of(), alice.take());

        alice.registration().unsubscribe("presence-a");
        List<Message> left = bob.take();
        assertEquals(1, left.size());
        assertEquals("presence-a", left.get(0).channel());
        assertEquals(PresenceEvents.MEMBER_REMOVED, left.get(0).event());
        assertEquals(List.of(BOB, ALICE), manager.presence().members("presence-b"));
    }

    @Test
    void presenceMessagesAreNeitherKeptInHistoryNorPublished() {
        Message before = manager.broadcast("news", "e", 1);
        Client bob = join(BOB);
        Client alice = join(ALICE);
        alice.registration().close();
        assertEquals(2, bob.take().size());

        assertEquals(Optional.of(List.of()), manager.history().after(before.id(), m -> true));
        assertEquals(List.of(before), broker.published);
    }

    @Test
    void aPlainSubscriberOfThePresenceChannelHearsPresenceButNeverJoins() {
        MemoryClient observer = manager.memory().connect("carol").subscribe(ROOM);
        assertEquals(List.of(), manager.presence().members(ROOM));
        Client alice = join(ALICE);
        assertEquals(List.of(ALICE), manager.presence().members(ROOM));
        assertEquals(1, observer.drain().size());

        observer.close();
        assertEquals(List.of(ALICE), manager.presence().members(ROOM));
        assertEquals(List.of(), alice.take(), "carol was never a member, so she never leaves");
    }

    @Test
    void aClosedConnectionDoesNotJoin() {
        Client bob = join(BOB);
        Client alice = connect("alice");
        alice.registration().close();
        alice.registration().subscribe(ROOM, ALICE);
        assertEquals(List.of(), bob.take());
        assertEquals(List.of(BOB), manager.presence().members(ROOM));
    }

    @Test
    void userIdsAreEscapedInPresenceMessages() {
        Client observer = join(BOB);
        String id = "a\"b\\c\n\u2028";
        PresenceMember odd = new PresenceMember(id, null);
        Client client = join(odd);
        Message added = observer.take().get(0);
        assertMemberAdded(odd, client.id(), added);
        assertEquals(id, object(added.data()).getString("user_id"));

        client.registration().close();
        assertMemberRemoved(id, observer.take().get(0));
    }

    @Test
    void concurrentConnectionsOfOneUserAreAnnouncedOnce() throws Exception {
        Client observer = join(BOB);
        int threads = 4;
        int perThread = 50;
        List<Client> alices = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            alices.add(connect("alice"));
        }

        runTogether(threads, t -> {
            for (int i = t * perThread; i < (t + 1) * perThread; i++) {
                alices.get(i).registration().subscribe(ROOM, ALICE);
            }
        });
        List<Message> added = observer.take();
        assertEquals(1, added.size(), "one member_added for all of alice's connections");
        assertEquals(PresenceEvents.MEMBER_ADDED, added.get(0).event());
        for (Client alice : alices) {
            List<Message> heard = alice.take();
            if (alice.id().equals(added.get(0).exceptSocketId())) {
                assertEquals(List.of(), heard, "never to the joining connection");
            }
            // an alice connection already in the channel but not yet a member may hear of the first one
            for (Message m : heard) {
                assertEquals(added.get(0), m);
            }
        }

        runTogether(threads, t -> {
            for (int i = t * perThread; i < (t + 1) * perThread; i++) {
                alices.get(i).registration().close();
            }
        });
        List<Message> removed = observer.take();
        assertEquals(1, removed.size(), "one member_removed when the last connection left");
        assertMemberRemoved("alice", removed.get(0));
        for (Client alice : alices) {
            assertEquals(List.of(), alice.take(), "the leaving connections hear nothing");
        }
        assertEquals(List.of(BOB), manager.presence().members(ROOM));
        assertEquals(1, manager.getConnectionCount());
    }

    // ---- identify ----

    @Test
    void identifyMakesASignedInConnectionAUserConnection() {
        SigningInConnection connection = new SigningInConnection("7.1");
        Registration registration = manager.register(connection);
        assertTrue(manager.getUserConnections("alice").isEmpty());

        connection.signIn("alice");
        registration.identify();
        assertEquals(List.of(connection), List.copyOf(manager.getUserConnections("alice")));

        registration.close();
        assertTrue(manager.getUserConnections("alice").isEmpty());
        assertEquals(0, manager.getConnectionCount());
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads released together; rethrows the first failure. */
    private void runTogether(int threads, Body body) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                body.run(thread);
                return null;
            }));
        }
        ready.await();
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS); // a guard against a deadlock, not a timing assertion
        }
    }
}
