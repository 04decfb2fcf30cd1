package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every broker must do, proven on the real server: two nodes exchange messages with nothing
 * lost, nothing duplicated and no echo; per-channel order holds; a consumer's channel filter
 * holds; large payloads arrive whole; a rewound batch comes again; {@code broadcastLocal} never
 * publishes. One subclass per broker; brokers that redeliver what was not committed extend {@link
 * DurableBrokerContractTest}.
 */
@Timeout(180)
abstract class BrokerContractTest {
    /** The payload limit the test nodes run with: room for the large-payload test. */
    static final int LARGE_PAYLOAD_LIMIT = 200_000;

    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<TestNode> nodes = new ArrayList<>();

    /** Skips or fails (CI) when the server is not there. */
    protected abstract void requireServer() throws Exception;

    /** {@code realtime.broker} and the broker's own keys, isolated to this test run. */
    protected abstract Map<String, String> brokerConfig();

    @BeforeEach
    void server() throws Exception {
        requireServer();
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (TestNode node : nodes) {
            node.close();
        }
    }

    protected TestNode node(String name, String... channels) {
        TestNode node = new TestNode(brokerConfig(), name + "-" + run, List.of(channels));
        nodes.add(node);
        return node;
    }

    @Test
    void twoNodesExchangeEveryMessageOnceInOrderWithoutEchoes() throws Exception {
        TestNode a = node("a").awaitConnected();
        TestNode b = node("b").awaitConnected();
        List<String> channels = List.of("news", "user.1", "private-chat.2", "presence-room.3", "orders.eu");
        MemoryClient onA = a.client(channels.toArray(String[]::new));
        MemoryClient onB = b.client(channels.toArray(String[]::new));

        int perNode = 300;
        for (int i = 0; i < perNode; i++) {
            String channel = channels.get(i % channels.size());
            a.manager.broadcast(channel, "tick", Map.of("from", "a", "seq", i));
            b.manager.broadcast(channel, "tick", Map.of("from", "b", "seq", i));
        }

        List<Message> gotA = receive(onA, 2 * perNode);
        List<Message> gotB = receive(onB, 2 * perNode);
        for (List<Message> got : List.of(gotA, gotB)) {
            assertEquals(2 * perNode, got.stream().map(Message::id).distinct().count(), "no duplicate");
            assertEquals(
                    perNode,
                    got.stream().filter(m -> m.originNodeId().equals(a.nodeId)).count());
            assertEquals(
                    perNode,
                    got.stream().filter(m -> m.originNodeId().equals(b.nodeId)).count());
            assertOrderedPerChannelAndOrigin(got);
        }
        // Each node polls both nodes' messages and relays only the other's.
        assertExactlyAndThenQuiet(
                new Expected(a, "polled", a.polled, 2 * perNode),
                new Expected(b, "polled", b.polled, 2 * perNode),
                new Expected(a, "relayed", a.relayed, perNode),
                new Expected(b, "relayed", b.relayed, perNode));
        assertTrue(onA.drain().isEmpty(), "no echo or duplicate arrived late on a");
        assertTrue(onB.drain().isEmpty(), "no echo or duplicate arrived late on b");
        assertTrue(
                a.manager.brokerStats().published() >= perNode,
                a.manager.brokerStats().toString());
    }

    /**
     * The nodes' own channel passes whatever channels a consumer selects: a presence member who joins
     * on a reaches b, whose consumer takes {@code user.*} only.
     */
    @Test
    void presenceCrossesAConsumersChannelFilter() throws Exception {
        Map<String, String> config = new HashMap<>(brokerConfig());
        config.put("realtime.cluster.replication", "true");
        config.put("realtime.cluster.heartbeat-ms", "500");
        config.put("realtime.cluster.node-ttl-ms", "3000");
        TestNode a = new TestNode(config, "a-" + run, List.of());
        nodes.add(a);
        TestNode b = new TestNode(config, "b-" + run, List.of("user.*"));
        nodes.add(b);
        a.awaitConnected();
        b.awaitConnected();
        MemoryClient bob = b.manager.memory().connect("bob").join("presence-room.9", null);
        a.manager.memory().connect("alice").join("presence-room.9", "{\"name\":\"Alice\"}");

        Message added = bob.poll(Duration.ofSeconds(30));
        assertNotNull(added, "bob heard of alice");
        assertEquals("pusher_internal:member_added", added.event());
        assertEquals("{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}", added.data());
        Awaitility.await("a knows bob too")
                .atMost(Duration.ofSeconds(30))
                .until(() -> a.manager.presenceMembers("presence-room.9").size() == 2);
        assertEquals(2, b.manager.presenceMembers("presence-room.9").size());
    }

    @Test
    void aConsumersChannelFilterHolds() throws Exception {
        TestNode a = node("a").awaitConnected();
        TestNode b = node("b", "user.*").awaitConnected();
        MemoryClient onB = b.client("public.news", "user.7");

        a.manager.broadcast("public.news", "headline", "not for b");
        a.manager.broadcast("user.7", "notice", "for b");

        Message got = onB.poll(Duration.ofSeconds(30));
        assertEquals("user.7", got == null ? null : got.channel());
        assertExactlyAndThenQuiet(new Expected(a, "relayed", a.relayed, 0), new Expected(b, "relayed", b.relayed, 1));
        assertTrue(onB.drain().isEmpty(), "public.news is not delivered by a consumer of user.*");
    }

    @Test
    void broadcastLocalNeverPublishes() throws Exception {
        TestNode a = node("a").awaitConnected();
        TestNode b = node("b").awaitConnected();
        MemoryClient onA = a.client("news");
        MemoryClient onB = b.client("news");
        long publishedBefore = a.manager.brokerStats().published();

        a.manager.broadcastLocal("news", "local", "only a");
        a.manager.broadcast("news", "global", "everyone");

        assertEquals("local", onA.poll(Duration.ofSeconds(10)).event());
        assertEquals("global", onA.poll(Duration.ofSeconds(10)).event());
        Message atB = onB.poll(Duration.ofSeconds(30));
        assertEquals("global", atB == null ? null : atB.event());
        assertEquals(a.nodeId, atB.originNodeId(), "the message names its origin");
        assertExactlyAndThenQuiet(new Expected(a, "relayed", a.relayed, 0), new Expected(b, "relayed", b.relayed, 1));
        assertTrue(onB.drain().isEmpty(), "the local message never left a");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> a.manager.brokerStats().published() == publishedBefore + 1);
    }

    @Test
    void largePayloadsArriveWhole() throws Exception {
        TestNode a = node("a").awaitConnected();
        TestNode b = node("b").awaitConnected();
        MemoryClient onB = b.client("files");
        // Around the 8000-byte NOTIFY limit and well over it, with multi-byte characters
        List<Integer> sizes = List.of(7_900, 8_100, 60_000, 150_000);
        for (int size : sizes) {
            a.manager.broadcast("files", "blob", Map.of("text", text(size)));
        }
        for (int size : sizes) {
            Message got = onB.poll(Duration.ofSeconds(30));
            assertNotNull(got, "payload of " + size + " characters did not arrive");
            String expected = "{\"text\":\"" + text(size) + "\"}";
            assertTrue(
                    expected.equals(got.data()),
                    "payload of " + size + " characters arrived whole, not as "
                            + got.data().length());
        }
    }

    @Test
    void aRewoundBatchIsPolledAgain() throws Exception {
        TestNode a = node("a").awaitConnected();
        try (Broker b = bareBroker("b");
                BrokerConsumer consumer = b.consumer(ConsumerOptions.all(5))) {
            awaitConnected(b, consumer);
            for (int i = 0; i < 12; i++) {
                a.manager.broadcast("rewind", "n", i);
            }
            MessageBatch first = pollUntilNotEmpty(consumer);
            consumer.rewind(first);
            MessageBatch again = pollUntilNotEmpty(consumer);
            assertEquals(ids(first), ids(again).subList(0, first.size()), "the rewound batch comes first again");
            consumer.commit(again.end());
            List<String> rest = new ArrayList<>(ids(again));
            while (rest.size() < 12) {
                MessageBatch next = pollUntilNotEmpty(consumer);
                rest.addAll(ids(next));
                consumer.commit(next.end());
            }
            assertEquals(12, rest.stream().distinct().count(), "every message once after the rewound batch");
        }
    }

    /** How long after the last expected message nothing more may arrive. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    /** A node's counter and the exact count it must reach. */
    record Expected(TestNode node, String what, AtomicLong counter, long count) {
        boolean exceeded() {
            return counter.get() > count;
        }

        @Override
        public String toString() {
            return node.nodeId + " " + what + " " + counter.get() + " of " + count;
        }
    }

    /**
     * Waits until every counter reached its exact count, then checks that none moves on during
     * {@link #QUIET} measured from the last message any of the nodes polled: a late duplicate or
     * echo fails the test.
     */
    private static void assertExactlyAndThenQuiet(Expected... expected) {
        List<Expected> all = List.of(expected);
        Awaitility.await("exact counts " + all)
                .atMost(Duration.ofSeconds(60))
                .failFast(() -> assertNoneExceeded(all))
                .until(() -> all.stream().allMatch(e -> e.counter().get() >= e.count()));
        long last = all.stream().mapToLong(e -> e.node().lastPolledNanos).max().orElse(0);
        long quietLeft = Math.max(0, QUIET.toNanos() - (System.nanoTime() - last));
        if (quietLeft > 0) {
            Awaitility.await("nothing more for " + QUIET + " after the last expected message")
                    .during(Duration.ofNanos(quietLeft))
                    .atMost(Duration.ofNanos(quietLeft).plusSeconds(5))
                    .failFast(() -> assertNoneExceeded(all))
                    .until(() -> true);
        }
        for (Expected e : all) {
            assertEquals(e.count(), e.counter().get(), e.node().nodeId + " " + e.what());
        }
    }

    private static void assertNoneExceeded(List<Expected> all) {
        assertTrue(all.stream().noneMatch(Expected::exceeded), "more messages than expected: " + all);
    }

    /** A node's broker with no consumer loop, for tests that drive a consumer by hand. */
    protected Broker bareBroker(String name) {
        Map<String, String> config = new HashMap<>(brokerConfig());
        config.put("realtime.node.id", name + "-" + run);
        return Brokers.create(config.get("realtime.broker"), RealtimeSettings.from(config), DaemonThreads.INSTANCE);
    }

    /**
     * Polls (Kafka assigns partitions inside poll) until the consumer is subscribed; nothing may
     * arrive meanwhile.
     */
    protected static void awaitConnected(Broker broker, BrokerConsumer consumer) {
        Awaitility.await(broker.name() + " consumer connected")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    MessageBatch early = consumer.poll(Duration.ofMillis(100));
                    assertTrue(early.isEmpty(), "nothing was published yet: " + early.messages());
                    return consumer.isConnected() && broker.isConnected();
                });
    }

    /** Polls until a batch with messages comes (60 seconds at most). */
    protected static MessageBatch pollUntilNotEmpty(BrokerConsumer consumer) {
        AtomicReference<MessageBatch> batch = new AtomicReference<>();
        Awaitility.await("a batch")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    batch.set(consumer.poll(Duration.ofMillis(200)));
                    return !batch.get().isEmpty();
                });
        return batch.get();
    }

    protected static List<String> ids(MessageBatch batch) {
        return batch.messages().stream().map(Message::id).toList();
    }

    private static String text(int size) {
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append("größe-").append(text.length()).append(' ');
        }
        return text.substring(0, size);
    }

    private static List<Message> receive(MemoryClient client, int count) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        while (got.size() < count) {
            Message m = client.poll(Duration.ofSeconds(30));
            if (m == null) {
                throw new AssertionError("received " + got.size() + " of " + count + " messages");
            }
            got.add(m);
        }
        return got;
    }

    private static void assertOrderedPerChannelAndOrigin(List<Message> got) {
        Map<String, Integer> last = new HashMap<>();
        for (Message m : got) {
            String key = m.channel() + "/" + m.originNodeId();
            int seq = Integer.parseInt(m.data().replaceAll(".*\"seq\":(\\d+).*", "$1"));
            Integer previous = last.put(key, seq);
            assertTrue(previous == null || previous < seq, key + ": " + seq + " after " + previous);
        }
    }
}
