package dev.realtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.config.ClusterSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.presence.Presence;
import dev.realtime.presence.PresenceMember;
import dev.realtime.webhook.WebhookEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' {@link Cluster}s joined by a list that stands for the broker: what one node sends,
 * the test hands to the other (and back to the sender, as a consumer does), in order.
 */
class ClusterTest {
    private static final ClusterSettings SETTINGS =
            new ClusterSettings(true, Duration.ofMillis(100), Duration.ofMillis(300), 4);
    private static final String ROOM = "presence-room";
    private static final PresenceMember ALICE = new PresenceMember("alice", "{\"name\":\"Alice\"}");
    private static final PresenceMember BOB = new PresenceMember("bob", null);

    /** One node: its presence, channels, what its listener heard, what it sent. */
    static final class Node implements Presence.Listener, Cluster.Users {
        final List<String> heard = new ArrayList<>();
        /** The webhooks this node would send. */
        final List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

        final WebhookEvents webhooks = new WebhookEvents() {
            @Override
            public void occupied(String channel) {
                hooks.add("occupied " + channel);
            }

            @Override
            public void vacated(String channel) {
                hooks.add("vacated " + channel);
            }

            @Override
            public boolean responsibleForGone() {
                return cluster.responsibleForGone();
            }
        };
        final List<Message> sent = new ArrayList<>();
        final ChannelRegistry channels = new ChannelRegistry();
        final Presence presence = new Presence(this);
        final Cluster cluster;
        int connections;

        Node(String id) {
            cluster = new Cluster(
                    id,
                    SETTINGS,
                    presence,
                    channels,
                    () -> connections,
                    sent::add,
                    new MessageIds(),
                    this,
                    200,
                    null,
                    true,
                    webhooks);
        }

        @Override
        public synchronized void joined(String channel, PresenceMember member, String exceptConnectionId) {
            heard.add("joined " + member.userId());
        }

        @Override
        public synchronized void left(String channel, PresenceMember member, Presence.Departure why) {
            heard.add("left " + member.userId());
        }

        @Override
        public synchronized void deliver(String userId, String event, String data) {
            heard.add("user " + userId + " " + event + " " + data);
        }

        @Override
        public synchronized void terminate(String userId) {
            heard.add("terminate " + userId);
        }

        synchronized List<String> take() {
            List<String> copy = List.copyOf(heard);
            heard.clear();
            return copy;
        }

        /** Takes what this node sent so far. */
        List<Message> outbox() {
            List<Message> copy = List.copyOf(sent);
            sent.clear();
            return copy;
        }
    }

    private final Node a = new Node("a");
    private final Node b = new Node("b");

    /** Carries what both nodes sent to both (each sees its own too), until nothing is left. */
    private void exchange() {
        for (int round = 0; round < 10; round++) {
            List<Message> fromA = a.outbox();
            List<Message> fromB = b.outbox();
            if (fromA.isEmpty() && fromB.isEmpty()) {
                return;
            }
            for (Message m : fromA) {
                a.cluster.receive(m);
                b.cluster.receive(m);
            }
            for (Message m : fromB) {
                a.cluster.receive(m);
                b.cluster.receive(m);
            }
        }
    }

    private static void join(Node node, String connection, PresenceMember member) {
        node.presence.join(ROOM, connection, member, () -> true, members -> {});
    }

    @Test
    void aMemberJoinsOnceForTheClusterAndLeavesWithItsLastConnection() {
        exchange();
        join(a, "a.1", ALICE);
        assertEquals(List.of("joined alice"), a.take());
        exchange();
        assertEquals(List.of("joined alice"), b.take(), "b heard of alice from a");
        assertEquals(List.of(ALICE), b.presence.members(ROOM));

        join(b, "b.1", ALICE); // a second tab, on the other node
        exchange();
        assertEquals(List.of(), a.take(), "alice was there already");
        assertEquals(List.of(), b.take());

        a.presence.leave(ROOM, "a.1");
        exchange();
        assertEquals(List.of(), a.take(), "alice is still on b");
        assertEquals(List.of(), b.take());
        assertEquals(List.of(ALICE), a.presence.members(ROOM));

        b.presence.leave(ROOM, "b.1");
        exchange();
        assertEquals(List.of("left alice"), a.take());
        assertEquals(List.of("left alice"), b.take());
        assertEquals(List.of(), a.presence.members(ROOM));
    }

    @Test
    void aLateNodeGetsASnapshotOfWhatWasThereBefore() {
        join(a, "a.1", ALICE);
        join(a, "a.2", BOB);
        a.outbox(); // b was not consuming yet: all of it lost
        a.connections = 2;
        a.cluster.tick(); // heartbeat: b does not know a, asks for a snapshot
        exchange();
        a.cluster.tick(); // the snapshot
        exchange();
        assertEquals(List.of(ALICE, BOB), b.presence.members(ROOM));
        assertEquals(List.of("joined alice", "joined bob"), b.take());
        assertEquals(2, b.cluster.connectionCount(), "a's 2 and b's 0");
    }

    @Test
    void aGapInSequenceNumbersIsRepairedBySnapshot() {
        exchange();
        join(a, "a.1", ALICE);
        exchange();
        b.take();
        join(a, "a.2", BOB);
        a.presence.leave(ROOM, "a.1");
        a.outbox(); // both lost
        a.cluster.tick(); // the heartbeat shows the gap: b asks again
        exchange();
        a.cluster.tick();
        exchange();
        assertEquals(List.of(BOB), b.presence.members(ROOM));
        assertEquals(List.of("left alice", "joined bob"), b.take());
    }

    @Test
    void countsAndOccupiedChannelsCoverEveryNode() {
        exchange();
        a.channels.subscribe("news", connection("a.1"));
        a.channels.subscribe("news", connection("a.2"));
        b.channels.subscribe("news", connection("b.1"));
        b.channels.subscribe("sport", connection("b.1"));
        b.channels.subscribe(ChannelNames.userChannel("bob"), connection("b.1"));
        a.cluster.tick();
        b.cluster.tick();
        exchange();
        assertEquals(3, a.cluster.subscriptionCount("news"));
        assertEquals(3, b.cluster.subscriptionCount("news"));
        assertEquals(Set.of("news", "sport"), a.cluster.occupiedChannels(), "users' channels are never listed");
        b.channels.unsubscribe("sport", connection("b.1"));
        b.cluster.tick();
        exchange();
        assertEquals(Set.of("news"), a.cluster.occupiedChannels());
        assertEquals(Set.of("a", "b"), a.cluster.nodes());
    }

    @Test
    void aSilentNodeIsEvictedOnlyOnceOwnHeartbeatsProveTheWayWorks() {
        long[] now = {0};
        a.cluster.clock = () -> now[0];
        exchange();
        join(b, "b.1", BOB);
        a.cluster.tick();
        b.cluster.tick();
        exchange();
        assertEquals(List.of(BOB), a.presence.members(ROOM));
        a.take();
        // b dies; a's own heartbeats do not come back either (a stalled broker): nobody is evicted
        now[0] += Duration.ofSeconds(1).toNanos();
        a.cluster.tick();
        a.outbox();
        a.cluster.tick();
        assertEquals(List.of(BOB), a.presence.members(ROOM), "no proof that messages flow: no eviction");
        // the broker works again: a's next heartbeat comes back, b stays silent
        now[0] += Duration.ofSeconds(1).toNanos();
        a.cluster.tick();
        a.outbox().forEach(a.cluster::receive);
        a.cluster.tick();
        assertEquals(List.of(), a.presence.members(ROOM), "b was silent for longer than the TTL");
        assertEquals(List.of("left bob"), a.take());
        assertEquals(Set.of("a"), a.cluster.nodes());
    }

    @Test
    void aChannelIsOccupiedAndVacatedOnceForTheCluster() {
        exchange();
        a.channels.subscribe("news", connection("a.1"));
        a.cluster.tick();
        exchange();
        b.channels.subscribe("news", connection("b.1")); // b knows a has one: not a first
        assertEquals(List.of("occupied news"), a.hooks);
        assertEquals(List.of(), b.hooks);
        b.cluster.tick();
        exchange();
        a.channels.unsubscribe("news", connection("a.1")); // b still has one
        a.cluster.tick();
        exchange();
        b.channels.unsubscribe("news", connection("b.1"));
        assertEquals(List.of("occupied news"), a.hooks);
        assertEquals(List.of("vacated news"), b.hooks, "the last subscriber left on b");
    }

    @Test
    void theChannelsOfAVanishedNodeAreVacatedByTheLowestSurvivor() {
        long[] now = {0};
        b.cluster.clock = () -> now[0];
        exchange();
        a.channels.subscribe("news", connection("a.1"));
        a.cluster.tick();
        b.cluster.tick();
        exchange();
        assertEquals(List.of("occupied news"), a.hooks);
        // a dies; b's own heartbeat comes back more than the TTL later
        now[0] += Duration.ofSeconds(1).toNanos();
        b.cluster.tick();
        b.outbox().forEach(b.cluster::receive);
        b.cluster.tick();
        assertEquals(List.of("vacated news"), b.hooks, "b, the only one left, speaks for a");
    }

    @Test
    void redeliveredAndStaleMessagesChangeNothing() {
        exchange();
        join(a, "a.1", ALICE);
        List<Message> join = a.outbox();
        join.forEach(b.cluster::receive);
        a.presence.leave(ROOM, "a.1");
        a.outbox().forEach(b.cluster::receive);
        b.take();
        join.forEach(b.cluster::receive); // an at-least-once broker's redelivery
        assertEquals(List.of(), b.presence.members(ROOM));
        assertEquals(List.of(), b.take());

        Message old = new Message(
                "x1",
                ChannelNames.CLUSTER_CHANNEL,
                "join",
                "{\"boot\":\"other\",\"seq\":0,\"channel\":\"presence-room\",\"member\":{\"user_id\":\"ghost\"}}",
                System.currentTimeMillis() - 60_000,
                "c",
                null);
        b.cluster.receive(old);
        assertEquals(List.of(), b.presence.members(ROOM), "older than the TTL: a replay");
        b.cluster.receive(new Message(
                "x2", ChannelNames.CLUSTER_CHANNEL, "join", "{not json", System.currentTimeMillis(), "c", null));
        assertEquals(2, b.cluster.ignoredCount());
    }

    @Test
    void usersMessagesAndTerminationsReachTheOtherNode() {
        exchange();
        a.cluster.userEvent("alice", "note", "{\"n\":1}");
        a.cluster.terminate("bob");
        exchange();
        assertEquals(List.of("user alice note {\"n\":1}", "terminate bob"), b.take());
        assertEquals(List.of(), a.take(), "a did its own part itself");
    }

    @Test
    void aSnapshotLargerThanOnePartArrivesWhole() {
        for (int i = 0; i < 30; i++) {
            join(a, "a." + i, new PresenceMember("user-" + i, "{\"i\":" + i + "}"));
        }
        a.outbox();
        a.cluster.tick();
        exchange();
        a.cluster.tick();
        List<Message> parts = new ArrayList<>(a.sent);
        assertTrue(parts.stream().filter(m -> m.event().equals("snapshot")).count() > 1, "parts of 200 bytes");
        exchange();
        assertEquals(30, b.presence.userCount(ROOM));
    }

    private static Connection connection(String id) {
        return new Connection() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String transport() {
                return "memory";
            }

            @Override
            public String userId() {
                return null;
            }

            @Override
            public void deliver(Delivery delivery) {}

            @Override
            public void disconnect(Disconnect why, String reason) {}

            @Override
            public boolean equals(Object o) {
                return o instanceof Connection c && c.id().equals(id);
            }

            @Override
            public int hashCode() {
                return id.hashCode();
            }
        };
    }
}
