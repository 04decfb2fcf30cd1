package dev.realtime.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalPresenceRegistryTest {
    private static final String ROOM = "presence-room";

    private static final PresenceMember ALICE = new PresenceMember("alice", "{\"name\":\"Alice\"}");
    private static final PresenceMember BOB = new PresenceMember("bob", "{\"name\":\"Bob\"}");
    private static final PresenceMember CAROL = new PresenceMember("carol", null);

    private final LocalPresenceRegistry presence = new LocalPresenceRegistry();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void emptyChannel() {
        assertEquals(List.of(), presence.members(ROOM));
        assertEquals(0, presence.userCount(ROOM));
        assertEquals(Optional.empty(), presence.leave(ROOM, "1.1"));
        assertEquals(List.of(), presence.members(ROOM), "a leave does not create the channel");
    }

    @Test
    void firstConnectionJoinsAndLastConnectionLeaves() {
        assertTrue(presence.join(ROOM, "1.1", ALICE), "first connection");
        assertFalse(presence.join(ROOM, "1.2", ALICE), "second connection of the same user");
        assertFalse(presence.join(ROOM, "1.3", ALICE));
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(1, presence.userCount(ROOM));

        assertEquals(Optional.empty(), presence.leave(ROOM, "1.2"), "not the last connection");
        assertEquals(Optional.empty(), presence.leave(ROOM, "1.1"));
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(1, presence.userCount(ROOM));

        assertEquals(Optional.of(ALICE), presence.leave(ROOM, "1.3"), "last connection");
        assertEquals(List.of(), presence.members(ROOM));
        assertEquals(0, presence.userCount(ROOM));

        assertTrue(presence.join(ROOM, "1.4", ALICE), "joining again after leaving is a first join");
        assertEquals(List.of(ALICE), presence.members(ROOM));
    }

    @Test
    void theFirstConnectionsMemberIsKept() {
        PresenceMember later = new PresenceMember("alice", "{\"name\":\"Alice (phone)\"}");
        presence.join(ROOM, "1.1", ALICE);
        presence.join(ROOM, "1.2", later);
        assertEquals(List.of(ALICE), presence.members(ROOM));

        assertEquals(Optional.empty(), presence.leave(ROOM, "1.1"));
        assertEquals(Optional.of(ALICE), presence.leave(ROOM, "1.2"), "leave reports the member as it was shown");
    }

    @Test
    void membersAreInJoinOrderOnePerUser() {
        presence.join(ROOM, "1.1", BOB);
        presence.join(ROOM, "1.2", ALICE);
        presence.join(ROOM, "1.3", BOB);
        presence.join(ROOM, "1.4", CAROL);
        presence.join(ROOM, "1.5", ALICE);
        assertEquals(List.of(BOB, ALICE, CAROL), presence.members(ROOM));
        assertEquals(3, presence.userCount(ROOM));

        presence.leave(ROOM, "1.1");
        assertEquals(List.of(BOB, ALICE, CAROL), presence.members(ROOM), "bob is still there through 1.3");
        assertEquals(Optional.of(BOB), presence.leave(ROOM, "1.3"));
        assertEquals(List.of(ALICE, CAROL), presence.members(ROOM));
        assertEquals(2, presence.userCount(ROOM));

        assertTrue(presence.join(ROOM, "1.6", BOB));
        assertEquals(List.of(ALICE, CAROL, BOB), presence.members(ROOM), "a returning user goes to the end");
    }

    @Test
    void membersIsAnImmutableSnapshot() {
        presence.join(ROOM, "1.1", ALICE);
        List<PresenceMember> snapshot = presence.members(ROOM);
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(BOB));
        presence.join(ROOM, "1.2", BOB);
        presence.leave(ROOM, "1.1");
        assertEquals(List.of(ALICE), snapshot);
        assertEquals(List.of(BOB), presence.members(ROOM));
        assertThrows(UnsupportedOperationException.class, () -> presence.members("presence-empty")
                .add(BOB));
    }

    @Test
    void channelsAreIndependent() {
        assertTrue(presence.join("presence-a", "1.1", ALICE));
        assertTrue(presence.join("presence-b", "1.1", ALICE), "same connection, another channel");
        assertTrue(presence.join("presence-b", "1.2", BOB));
        assertEquals(List.of(ALICE), presence.members("presence-a"));
        assertEquals(List.of(ALICE, BOB), presence.members("presence-b"));

        assertEquals(Optional.of(ALICE), presence.leave("presence-a", "1.1"));
        assertEquals(List.of(), presence.members("presence-a"));
        assertEquals(List.of(ALICE, BOB), presence.members("presence-b"));
        assertEquals(Optional.empty(), presence.leave("presence-a", "1.2"), "bob never joined presence-a");
        assertEquals(List.of(ALICE, BOB), presence.members("presence-b"));
    }

    @Test
    void sameConnectionJoiningTwiceAsTheSameUser() {
        assertTrue(presence.join(ROOM, "1.1", ALICE));
        assertFalse(presence.join(ROOM, "1.1", ALICE));
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(Optional.of(ALICE), presence.leave(ROOM, "1.1"), "one leave is enough");
        assertEquals(Optional.empty(), presence.leave(ROOM, "1.1"));
        assertEquals(0, presence.userCount(ROOM));
    }

    @Test
    void sameConnectionRejoiningAsAnotherUser() {
        assertTrue(presence.join(ROOM, "1.1", ALICE));
        assertTrue(presence.join(ROOM, "1.1", BOB), "bob's first connection");
        assertEquals(List.of(BOB), presence.members(ROOM), "alice had no other connection");
        assertEquals(1, presence.userCount(ROOM));
        assertEquals(Optional.of(BOB), presence.leave(ROOM, "1.1"));
        assertEquals(List.of(), presence.members(ROOM));
    }

    @Test
    void sameConnectionRejoiningAsAnotherUserWhileTheFirstUserStays() {
        presence.join(ROOM, "1.1", ALICE);
        presence.join(ROOM, "1.2", ALICE);
        assertTrue(presence.join(ROOM, "1.1", BOB));
        assertEquals(List.of(ALICE, BOB), presence.members(ROOM));

        assertEquals(Optional.of(ALICE), presence.leave(ROOM, "1.2"), "1.1 no longer counts for alice");
        assertEquals(List.of(BOB), presence.members(ROOM));
        assertEquals(Optional.of(BOB), presence.leave(ROOM, "1.1"));
        assertEquals(0, presence.userCount(ROOM));
    }

    @Test
    void rejoiningAsAUserWhoIsAlreadyThereIsNotAFirstJoin() {
        presence.join(ROOM, "1.1", ALICE);
        presence.join(ROOM, "1.2", BOB);
        assertFalse(presence.join(ROOM, "1.1", BOB), "bob is already there through 1.2");
        assertEquals(List.of(BOB), presence.members(ROOM));
        assertEquals(Optional.empty(), presence.leave(ROOM, "1.2"));
        assertEquals(Optional.of(BOB), presence.leave(ROOM, "1.1"));
    }

    @Test
    void leaveOfAnUnknownConnection() {
        presence.join(ROOM, "1.1", ALICE);
        assertEquals(Optional.empty(), presence.leave(ROOM, "9.9"));
        assertEquals(Optional.empty(), presence.leave("presence-other", "1.1"));
        assertEquals(List.of(ALICE), presence.members(ROOM));
        assertEquals(1, presence.userCount(ROOM));

        assertEquals(Optional.of(ALICE), presence.leave(ROOM, "1.1"));
        assertEquals(Optional.empty(), presence.leave(ROOM, "1.1"), "a second leave is harmless");
        assertEquals(Optional.empty(), presence.leave(ROOM, "9.9"));
    }

    /**
     * Several threads join and leave with connections of shared users. Each connection belongs to
     * one thread, so every user's set of connections changes from several threads at once.
     */
    @Test
    void concurrentJoinsAndLeavesKeepCountsExact() throws Exception {
        int threads = 4;
        int users = 10;
        int perThread = 500;
        AtomicInteger firstJoins = new AtomicInteger();
        AtomicInteger lastLeaves = new AtomicInteger();
        Set<String> announced = ConcurrentHashMap.newKeySet();

        // phase 1: everyone joins at once
        run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                if (presence.join(ROOM, t + "." + i, member(i % users))) {
                    firstJoins.incrementAndGet();
                    assertTrue(announced.add("u" + (i % users)), "announced twice: u" + (i % users));
                }
            }
        });
        assertEquals(users, firstJoins.get(), "exactly one first join per user");
        assertEquals(users, presence.userCount(ROOM));
        assertEquals(users, new HashSet<>(presence.members(ROOM)).size());

        // phase 2: each thread leaves its connections of the even users while joining users' second connections
        run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                if (i % users % 2 == 0) {
                    presence.leave(ROOM, t + "." + i).ifPresent(m -> lastLeaves.incrementAndGet());
                }
                if (presence.join(ROOM, t + ".extra." + i, member(users + i % users))) {
                    firstJoins.incrementAndGet();
                }
            }
        });
        assertEquals(users / 2, lastLeaves.get(), "exactly one last leave per even user");
        assertEquals(2 * users, firstJoins.get());
        assertEquals(users / 2 + users, presence.userCount(ROOM));
        List<String> ids = new ArrayList<>();
        presence.members(ROOM).forEach(m -> ids.add(m.userId()));
        assertEquals(users / 2 + users, new HashSet<>(ids).size(), "one entry per user, no duplicates: " + ids);
        for (int u = 0; u < 2 * users; u++) {
            assertEquals(u >= users || u % 2 == 1, ids.contains("u" + u), "u" + u);
        }

        // phase 3: everyone leaves at once
        run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                presence.leave(ROOM, t + "." + i).ifPresent(m -> lastLeaves.incrementAndGet());
                presence.leave(ROOM, t + ".extra." + i).ifPresent(m -> lastLeaves.incrementAndGet());
            }
        });
        assertEquals(2 * users, lastLeaves.get(), "every user left exactly once");
        assertEquals(0, presence.userCount(ROOM));
        assertEquals(List.of(), presence.members(ROOM));
    }

    @Test
    void concurrentJoinAndLeaveOfTheSameUserAlwaysBalance() throws Exception {
        // one connection keeps joining and leaving while another thread does the same for the same user
        int rounds = 2_000;
        AtomicInteger joins = new AtomicInteger();
        AtomicInteger leaves = new AtomicInteger();
        run(2, t -> {
            for (int i = 0; i < rounds; i++) {
                if (presence.join(ROOM, "c" + t, ALICE)) {
                    joins.incrementAndGet();
                }
                presence.members(ROOM);
                if (presence.leave(ROOM, "c" + t).isPresent()) {
                    leaves.incrementAndGet();
                }
            }
        });
        assertEquals(joins.get(), leaves.get(), "every announced arrival has its departure");
        assertTrue(joins.get() >= 1);
        assertEquals(0, presence.userCount(ROOM));
    }

    private static PresenceMember member(int user) {
        return new PresenceMember("u" + user, "{\"n\":" + user + "}");
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads released together; rethrows the first failure. */
    private void run(int threads, Body body) throws Exception {
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
