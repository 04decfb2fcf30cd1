package dev.realtime.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.history.HistorySlice;
import dev.realtime.history.HistoryUnavailableException;
import dev.realtime.history.Retention;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.Concurrently;
import dev.realtime.testing.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * Channel history in the Redis server at 127.0.0.1:6379, as two nodes share it: two store
 * instances (two "nodes", each with its own connection pool) append to one channel at once and get
 * distinct, consecutive offsets in one epoch; the list is trimmed to the size; keys that vanish
 * (deleted, expired) give a new epoch; entries are signed envelopes, checked when read.
 */
@Timeout(120)
class RedisHistoryStoreTest {
    private static final Retention KEEP_50 = new Retention(50, Duration.ofMinutes(5));

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisClient admin;

    @BeforeEach
    void requireRedis() {
        Services.require("Redis", 6379, "Start it with: redis-server --port 6379 (or apt install redis-server).");
        admin = RedisClient.create("127.0.0.1", 6379);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (String key : admin.keys("test-" + run + ":*")) {
            admin.del(key);
        }
        admin.close();
    }

    private Map<String, String> config(String node) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", node);
        values.put("realtime.app.secret", "cluster-secret");
        values.put("realtime.redis.url", "redis://127.0.0.1:6379");
        values.put("realtime.redis.channel-prefix", "test-" + run + ":");
        return values;
    }

    private RedisHistoryStore store(String node) {
        RealtimeSettings settings = RealtimeSettings.from(config(node));
        RedisHistoryStore store = new RedisHistoryStore(RedisSettings.from(settings), EnvelopeCodec.from(settings));
        toClose.add(store);
        return store;
    }

    private static Message message(String channel, String node, int n) {
        return new Message(node + "-" + n, channel, "e", "{\"n\":" + n + "}", n, node, null);
    }

    @Test
    void twoNodesAppendingAtOnceGetDistinctConsecutiveOffsetsInOneEpoch() throws Exception {
        RedisHistoryStore a = store("node-a");
        RedisHistoryStore b = store("node-b");
        List<HistoryPosition> positions = Collections.synchronizedList(new ArrayList<>());
        int perThread = 100;
        Concurrently.run(4, thread -> {
            RedisHistoryStore store = thread % 2 == 0 ? a : b;
            for (int n = 0; n < perThread; n++) {
                positions.add(
                        store.append(message("orders", "t" + thread, n), new Retention(1000, Duration.ofMinutes(5))));
            }
        });
        assertEquals(
                LongStream.rangeClosed(1, 4 * perThread).boxed().toList(),
                positions.stream().map(HistoryPosition::offset).sorted().toList(),
                "every offset once, none skipped");
        assertEquals(
                1, positions.stream().map(HistoryPosition::epoch).distinct().count());

        HistorySlice fromB = b.read("orders", null, 1000);
        assertEquals(400, fromB.messages().size());
        assertEquals(
                LongStream.rangeClosed(1, 400).boxed().toList(),
                fromB.messages().stream().map(m -> m.position().offset()).toList());
        for (HistoryPosition p : positions) {
            Message kept = fromB.messages().get((int) p.offset() - 1);
            assertEquals(p, kept.position());
        }
        assertEquals(fromB, a.read("orders", null, 1000), "both nodes read the same history");
    }

    @Test
    void theListIsTrimmedToTheSizeAndReadsAfterAPosition() {
        RedisHistoryStore store = store("node-a");
        List<HistoryPosition> at = new ArrayList<>();
        for (int n = 1; n <= 60; n++) {
            at.add(store.append(message("news", "a", n), KEEP_50));
        }
        assertEquals(50, admin.llen("test-" + run + ":history:{news}:log"));
        HistorySlice all = store.read("news", null, 1000);
        assertEquals(11, all.oldest());
        assertEquals(60, all.newest());
        assertEquals(
                LongStream.rangeClosed(11, 60).boxed().toList(),
                all.messages().stream().map(m -> m.position().offset()).toList());
        assertEquals("{\"n\":11}", all.messages().get(0).data());

        HistoryPage page = HistoryPage.of(store.read("news", at.get(29), 5), at.get(29));
        assertEquals(
                List.of(31L, 32L, 33L, 34L, 35L),
                page.messages().stream().map(m -> m.position().offset()).toList());
        assertTrue(page.complete());
        assertEquals(at.get(59), page.position());
        assertFalse(HistoryPage.of(store.read("news", at.get(5), 5), at.get(5)).complete(), "6..10 are gone");
        assertEquals("a-60", store.last("news").orElseThrow().id());
        assertEquals(at.get(59), store.last("news").orElseThrow().position());
    }

    @Test
    void deletedKeysGiveANewEpochAndOffsetsStartAgain() {
        RedisHistoryStore a = store("node-a");
        RedisHistoryStore b = store("node-b");
        HistoryPosition before = a.append(message("news", "a", 1), KEEP_50);
        a.append(message("news", "a", 2), KEEP_50);
        admin.del("test-" + run + ":history:{news}", "test-" + run + ":history:{news}:log");
        assertEquals(HistorySlice.EMPTY, b.read("news", null, 10));
        assertEquals(Optional.empty(), b.last("news"));
        HistoryPosition after = b.append(message("news", "b", 3), KEEP_50);
        assertEquals(1, after.offset());
        assertNotEquals(before.epoch(), after.epoch());
        HistoryPage lost = HistoryPage.of(a.read("news", before, 10), before);
        assertFalse(lost.complete(), "the old epoch cannot be resumed");
        assertEquals(List.of("b-3"), lost.messages().stream().map(Message::id).toList());
    }

    @Test
    void theTtlIsSetOnBothKeysAndExpiryStartsANewEpoch() {
        RedisHistoryStore store = store("node-a");
        HistoryPosition first = store.append(message("news", "a", 1), new Retention(5, Duration.ofMillis(300)));
        long ttl = admin.pttl("test-" + run + ":history:{news}");
        assertTrue(ttl > 0 && ttl <= 300, "pttl " + ttl);
        assertTrue(admin.pttl("test-" + run + ":history:{news}:log") > 0);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> store.read("news", null, 10).epoch() == null);
        HistoryPosition next = store.append(message("news", "a", 2), KEEP_50);
        assertEquals(1, next.offset());
        assertNotEquals(first.epoch(), next.epoch());
    }

    @Test
    void entriesNotSignedByTheClusterAreNotBelieved() {
        RedisHistoryStore store = store("node-a");
        store.append(message("news", "a", 1), KEEP_50);
        RealtimeSettings other = RealtimeSettings.from(
                Map.of("realtime.app.secret", "attacker", "realtime.redis.channel-prefix", "test-" + run + ":"));
        String forged = "2:"
                + new String(
                        EnvelopeCodec.from(other).encode(new Message("x", "news", "e", "1", 1L, "node-a", "123.456")),
                        java.nio.charset.StandardCharsets.UTF_8);
        admin.rpush("test-" + run + ":history:{news}:log", forged);
        admin.hincrBy("test-" + run + ":history:{news}", "offset", 1);
        admin.rpush("test-" + run + ":history:{news}:log", "garbage");
        admin.hincrBy("test-" + run + ":history:{news}", "offset", 1);
        List<Message> read = store.read("news", null, 10).messages();
        assertEquals(List.of("a-1", "x"), read.stream().map(Message::id).toList(), "the malformed entry is skipped");
        assertNull(read.get(1).exceptSocketId(), "an unsigned entry's routing fields are ignored");
    }

    @Test
    void aMalformedHistoryInRedisIsTheStoresFailureNeverTheCallers() {
        RedisHistoryStore store = store("node-a");
        admin.hset("test-" + run + ":history:{news}", Map.of("epoch", "not an epoch!", "offset", "3"));
        assertThrows(HistoryUnavailableException.class, () -> store.append(message("news", "a", 1), KEEP_50));
        assertTrue(store.awaitsReset("news"), "the next append starts a new epoch");
    }

    @Test
    void anUnreachableServerFailsFastAndTheChannelStartsANewEpochAfterwards() {
        RealtimeSettings settings = RealtimeSettings.from(
                Map.of("realtime.redis.url", "redis://127.0.0.1:1", "realtime.redis.timeout-ms", "300"));
        RedisHistoryStore down = new RedisHistoryStore(RedisSettings.from(settings), EnvelopeCodec.from(settings));
        toClose.add(down);
        assertThrows(HistoryUnavailableException.class, () -> down.append(message("news", "a", 1), KEEP_50));
        assertTrue(down.awaitsReset("news"));
        assertThrows(HistoryUnavailableException.class, () -> down.read("news", null, 1), "backing off");
    }

    @Test
    void twoNodesOverRedisDeliverTheSamePositions() throws Exception {
        Map<String, String> a = new HashMap<>(config("hist-a"));
        a.put("realtime.broker", "redis");
        a.put("realtime.history.channels", "orders.*");
        a.put("realtime.cluster.replication", "false");
        Map<String, String> b = new HashMap<>(a);
        b.put("realtime.node.id", "hist-b");
        RealtimeManager nodeA = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(a)));
        RealtimeManager nodeB = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(b)));
        toClose.add(nodeA.broker());
        toClose.add(nodeB.broker());
        Message one = nodeA.broadcast("orders.1", "e", 1);
        Message two = nodeB.broadcast("orders.1", "e", 2);
        assertEquals(one.position().epoch(), two.position().epoch());
        assertEquals(one.position().offset() + 1, two.position().offset());
        HistoryPage page = nodeB.history("orders.1", null, 10);
        assertEquals(
                List.of(one.id(), two.id()),
                page.messages().stream().map(Message::id).toList());
        assertEquals(page, nodeA.history("orders.1", null, 10));
    }
}
