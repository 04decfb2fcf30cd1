package dev.realtime.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.Concurrently;
import dev.realtime.testing.KafkaServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Kafka broker's own promises, proven on a real single-node KRaft broker. */
@Timeout(240)
class KafkaBrokerTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void kafka() throws Exception {
        KafkaServerProcess.start();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RealtimeNode node(String id, String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("realtime.node.id", id + "-" + run);
        config.put("realtime.app.secret", "secret");
        config.put("realtime.broker", "kafka");
        config.put("realtime.kafka.bootstrap.servers", KafkaServerProcess.bootstrap());
        config.put("realtime.kafka.partitions", "3");
        // topics of this test alone, so another test's partitions never leak in
        config.put("realtime.kafka.topics", "user.*=" + run + "-user");
        config.put("realtime.kafka.default-topic", run + "-events");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        RealtimeNode manager = new RealtimeNode(RealtimeSettings.from(config));
        toClose.add(manager.broker());
        return manager;
    }

    private BrokerConsumer consumer(RealtimeNode node, int batchSize) {
        BrokerConsumer consumer = node.broker().consumer(ConsumerOptions.all(batchSize));
        toClose.add(consumer);
        Awaitility.await("consumer assigned").atMost(Duration.ofSeconds(60)).until(() -> {
            MessageBatch early = consumer.poll(Duration.ofMillis(100));
            consumer.rewind(early); // the test reads these itself
            return consumer.isConnected();
        });
        return consumer;
    }

    private static void awaitPublished(RealtimeNode node, long count) {
        Awaitility.await(count + " published")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.brokerStats().published() >= count);
        assertEquals(0, node.brokerStats().failed(), node.brokerStats().toString());
    }

    /** Polls until {@code count} messages arrived, without committing. */
    private static List<Message> pollAll(BrokerConsumer consumer, int count, List<MessageBatch> batches) {
        List<Message> got = new ArrayList<>();
        Awaitility.await("received " + count).atMost(Duration.ofSeconds(60)).until(() -> {
            MessageBatch batch = consumer.poll(Duration.ofMillis(200));
            if (!batch.isEmpty()) {
                batches.add(batch);
                got.addAll(batch.messages());
            }
            return got.size() >= count;
        });
        return got;
    }

    @Test
    void aThousandChannelsMapToTheConfiguredFewTopics() throws Exception {
        String t = "g-" + run + "-";
        RealtimeNode node = node(
                "topics",
                "realtime.kafka.topics",
                "user.*=" + t + "user:4,private-*=" + t + "private,presence-*=" + t + "presence:2",
                "realtime.kafka.default-topic",
                t + "events");
        for (int i = 0; i < 250; i++) {
            node.broadcast("user." + i, "e", i);
            node.broadcast("private-chat." + i, "e", i);
            node.broadcast("presence-room." + i, "e", i);
            node.broadcast("news." + i, "e", i);
        }
        awaitPublished(node, 1000);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaServerProcess.bootstrap()))) {
            Set<String> topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            topics.removeIf(name -> !name.startsWith(t));
            assertEquals(Set.of(t + "user", t + "private", t + "presence", t + "events"), topics);
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(4, described.get(t + "user").partitions().size());
            assertEquals(3, described.get(t + "private").partitions().size(), "the default partitions");
            assertEquals(2, described.get(t + "presence").partitions().size());
            assertEquals(3, described.get(t + "events").partitions().size());
        }
        KafkaBroker broker = (KafkaBroker) node.broker();
        assertEquals(t + "user", broker.topics().topicFor("user.99"));
        assertEquals(
                1000 + 1, // and the nodes' own channel's (realtime-internal-cluster)
                ((CachedTopics) broker.topics()).size(),
                "each channel's topic is looked up once");
    }

    @Test
    void perChannelOrderHoldsAcrossPartitionsUnderConcurrentPublishing() throws Exception {
        RealtimeNode publisher = node("order-pub", "realtime.kafka.partitions", "6");
        RealtimeNode reader = node("order-sub", "realtime.kafka.partitions", "6");
        BrokerConsumer consumer = consumer(reader, 500);
        int threads = 4;
        int channelsPerThread = 25;
        int perChannel = 40;
        Concurrently.run(threads, thread -> {
            for (int seq = 0; seq < perChannel; seq++) {
                for (int c = 0; c < channelsPerThread; c++) {
                    publisher.broadcast("order." + thread + "." + c, "seq", seq);
                }
            }
        });
        int total = threads * channelsPerThread * perChannel;
        List<MessageBatch> batches = new ArrayList<>();
        List<Message> got = pollAll(consumer, total, batches);

        assertEquals(total, got.size());
        Map<String, Integer> next = new HashMap<>();
        Set<Integer> partitionsSeen = new TreeSet<>();
        for (MessageBatch b : batches) {
            b.end()
                    .offsets()
                    .keySet()
                    .forEach(k -> partitionsSeen.add(Integer.parseInt(k.substring(k.lastIndexOf('-') + 1))));
        }
        for (Message m : got) {
            int expected = next.getOrDefault(m.channel(), 0);
            assertEquals(String.valueOf(expected), m.data(), m.channel() + " out of order");
            next.put(m.channel(), expected + 1);
        }
        assertEquals(threads * channelsPerThread, next.size());
        assertTrue(next.values().stream().allMatch(n -> n == perChannel));
        assertTrue(partitionsSeen.size() > 1, "the channels spread over several partitions: " + partitionsSeen);
    }

    @Test
    void aBatchIsCommittedOnlyAfterItWasHandedOn() throws Exception {
        RealtimeNode publisher = node("commit-pub");
        RealtimeNode reader = node("commit-sub");
        BrokerConsumer first = consumer(reader, 50);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(publisher.broadcast("jobs." + (i % 4), "job", i).id());
        }
        awaitPublished(publisher, 20);
        List<Message> seen = pollAll(first, 20, new ArrayList<>());
        assertEquals(Set.copyOf(sent), ids(seen));
        first.close(); // never committed

        BrokerConsumer second = consumer(reader, 50);
        List<MessageBatch> batches = new ArrayList<>();
        List<Message> again = pollAll(second, 20, batches);
        assertEquals(Set.copyOf(sent), ids(again), "an uncommitted batch is delivered again");
        batches.forEach(b -> second.commit(b.end()));
        second.close();

        BrokerConsumer third = consumer(reader, 50);
        String marker = publisher.broadcast("jobs.0", "marker", "m").id();
        List<Message> afterCommit = pollAll(third, 1, new ArrayList<>());
        assertEquals(List.of(marker), afterCommit.stream().map(Message::id).toList(), "committed ones are not");
    }

    @Test
    void aWakeupThatArrivesBetweenPollsDoesNotFailTheCommit() throws Exception {
        RealtimeNode publisher = node("wakeup-pub");
        RealtimeNode reader = node("wakeup-sub");
        BrokerConsumer first = consumer(reader, 50);
        String sent = publisher.broadcast("jobs.1", "job", 1).id();
        awaitPublished(publisher, 1);
        List<MessageBatch> batches = new ArrayList<>();
        assertEquals(sent, pollAll(first, 1, batches).get(0).id());

        first.wakeup(); // e.g. the job being stopped just after its poll returned
        batches.forEach(b -> first.commit(b.end()));
        first.close();

        BrokerConsumer second = consumer(reader, 50);
        String marker = publisher.broadcast("jobs.1", "marker", "m").id();
        assertEquals(
                List.of(marker),
                pollAll(second, 1, new ArrayList<>()).stream().map(Message::id).toList(),
                "the commit after the wakeup was made");
    }

    @Test
    void aHandlerFailureRewindsTheBatchSoItIsDeliveredAgain() throws Exception {
        RealtimeNode publisher = node("rewind-pub");
        RealtimeNode reader = node("rewind-sub");
        BrokerConsumer consumer = consumer(reader, 100);
        AtomicInteger calls = new AtomicInteger();
        List<Message> delivered = new ArrayList<>();
        BrokerRelay relay = new BrokerRelay(consumer, reader.settings().nodeId(), List.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(publisher.broadcast("rewind", "e", i).id());
        }
        awaitPublished(publisher, 10);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            try {
                relay.relay(Duration.ofMillis(200), batch -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("clients unreachable");
                    }
                    delivered.addAll(batch);
                });
            } catch (IllegalStateException expected) {
                // the first hand-off fails; the batch must come again
            }
            return delivered.size() >= 10;
        });
        assertTrue(calls.get() >= 2, "the failed batch was handed on again");
        assertEquals(sent, delivered.stream().map(Message::id).toList(), "every message once, in order");
        consumer.close();
        BrokerConsumer after = consumer(reader, 100);
        assertTrue(after.poll(Duration.ofSeconds(2)).isEmpty(), "the redelivered batch was committed");
    }

    @Test
    void consumerLagIsReported() throws Exception {
        RealtimeNode publisher = node("lag-pub", "realtime.kafka.partitions", "1");
        RealtimeNode reader = node("lag-sub", "realtime.kafka.partitions", "1");
        BrokerConsumer consumer = consumer(reader, 10);
        for (int i = 0; i < 100; i++) {
            publisher.broadcast("lag", "e", i);
        }
        awaitPublished(publisher, 100);
        List<Message> firstBatch = pollAll(consumer, 1, new ArrayList<>());
        assertTrue(firstBatch.size() <= 10, "one batch is at most the batch size");
        BrokerStats behind = reader.brokerStats();
        assertEquals(100 - firstBatch.size(), behind.lag(), "lag = messages not yet polled: " + behind);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.commit(consumer.poll(Duration.ofMillis(200)).end());
            return reader.brokerStats().lag() == 0;
        });
        assertTrue(reader.brokerStats().consumed() >= 100, reader.brokerStats().toString());
    }

    @Test
    void anUnreachableKafkaNeverReachesTheCaller() {
        RealtimeNode node = node(
                "down",
                "realtime.kafka.bootstrap.servers",
                "127.0.0.1:1",
                "realtime.broker.publish-queue",
                "100",
                "realtime.broker.publish-batch",
                "10");
        var local = node.memory().connect().subscribe("news");
        for (int i = 0; i < 500; i++) {
            node.broadcast("news", "e", i);
        }
        assertEquals(500, local.drain().size(), "local delivery is unaffected");
        BrokerStats stats = node.brokerStats();
        assertFalse(stats.connected());
        assertTrue(stats.dropped() >= 390, "a full hand-off drops and counts: " + stats);
        assertEquals(0, stats.published());
    }

    private static Set<String> ids(List<Message> messages) {
        Set<String> ids = new TreeSet<>();
        messages.forEach(m -> ids.add(m.id()));
        assertEquals(messages.size(), ids.size(), "no duplicate within a delivery");
        return ids;
    }
}
