package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The broker contract on the Redis server at 127.0.0.1:6379. */
class RedisBrokerContractTest extends BrokerContractTest {

    @Override
    protected void requireServer() {
        require();
    }

    static void require() {
        Services.require("Redis", 6379, "Start it with: redis-server --port 6379 (or apt install redis-server).");
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return config(run);
    }

    /** The broker config of one run: a channel prefix of its own. */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker", "redis",
                "realtime.redis.url", "redis://127.0.0.1:6379",
                "realtime.redis.channel-prefix", "test-" + run + ":");
    }

    @Test
    void thePatternSubscriptionNarrowsWhatRedisSends() throws Exception {
        Map<String, String> config = new HashMap<>(brokerConfig());
        config.put("realtime.node.id", "pattern-" + run);
        RealtimeManager node = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(config)));
        try (BrokerConsumer users = node.broker().consumer(new ConsumerOptions(List.of("user.*"), 50))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(users::isConnected);
            node.broadcast("news", "headline", 1);
            node.broadcast("user.12", "notice", 2);
            node.broadcast("users", "other", 3);
            List<Message> got = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                got.addAll(users.poll(Duration.ofMillis(100)).messages());
                return !got.isEmpty();
            });
            node.broadcast("user.13", "marker", 4);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                got.addAll(users.poll(Duration.ofMillis(100)).messages());
                return got.size() >= 2;
            });
            assertEquals(
                    List.of("user.12", "user.13"),
                    got.stream().map(Message::channel).toList());
            assertEquals(2, node.brokerStats().consumed(), "Redis sent only the subscribed pattern's messages");
        } finally {
            node.broker().close();
        }
    }

    /**
     * A consumer whose job does not poll: its buffer (10,000 messages at batch size 1) takes what
     * fits; the rest is dropped and counted as {@code consumerDropped}, never as the publish queue's
     * {@code dropped}; {@code consumed} counts every message on receipt.
     */
    @Test
    void aFullConsumerBufferCountsConsumerDropsApartFromPublishDrops() throws Exception {
        Map<String, String> config = new HashMap<>(brokerConfig());
        config.put("realtime.node.id", "full-" + run);
        config.put("realtime.broker.publish-queue", "20000");
        config.put("realtime.cluster.replication", "false"); // no heartbeats: only the test's messages
        RealtimeManager node = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(config)));
        int sent = 10_100;
        try (BrokerConsumer idle = node.broker().consumer(new ConsumerOptions(List.of("full.*"), 1))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(idle::isConnected);
            for (int i = 0; i < sent; i++) {
                node.broadcast("full.a", "e", i);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> node.brokerStats().consumed() == sent
                            && node.brokerStats().published() == sent);
            BrokerStats stats = node.brokerStats();
            assertEquals(sent - 10_000, stats.consumerDropped(), stats.toString());
            assertEquals(0, stats.dropped(), stats.toString());
        } finally {
            node.broker().close();
        }
    }
}
