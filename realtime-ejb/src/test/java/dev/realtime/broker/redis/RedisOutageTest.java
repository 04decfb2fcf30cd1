package dev.realtime.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.RedisServerProcess;
import dev.realtime.testing.TestSettings;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis goes away and comes back: a {@code redis-server} of the test's own on port {@value #PORT},
 * killed and restarted. While it is down, {@code broadcast()} returns and local clients still get
 * every event; afterwards the publisher and the subscriber reconnect by themselves and messages
 * flow between the nodes again.
 */
@Timeout(180)
class RedisOutageTest {
    private static final int PORT = 16391;

    private RedisServerProcess redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RealtimeManager node(String id) {
        RealtimeManager manager =
                new RealtimeManager(new RealtimeNode(RealtimeSettings.from(TestSettings.withoutClusterTraffic(Map.of(
                        "realtime.node.id", id,
                        "realtime.app.secret", "secret",
                        "realtime.broker", "redis",
                        "realtime.redis.url", redis.url(),
                        "realtime.redis.timeout-ms", "500",
                        "realtime.broker.publish-queue", "100",
                        "realtime.broker.publish-batch", "10")))));
        toClose.add(manager.broker());
        return manager;
    }

    @Test
    void broadcastKeepsWorkingLocallyWhileRedisIsDownAndBothSidesReconnect() throws Exception {
        redis = new RedisServerProcess(PORT).start();
        RealtimeManager a = node("outage-a");
        RealtimeManager b = node("outage-b");
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(100));
        toClose.add(consumerB);
        awaitConnected(a, b, consumerB);
        assertEquals("before", relayOne(a, consumerB, "before").event());

        redis.kill();
        Awaitility.await("both sides notice the outage")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !a.broker().isConnected()
                        && !consumerB.isConnected()
                        && !b.broker().isConnected());

        MemoryClient local = a.memory().connect().subscribe("news");
        for (int i = 0; i < 250; i++) {
            a.broadcast("news", "during", i); // returns although Redis is unreachable
        }
        List<Message> delivered = local.drain();
        assertEquals(250, delivered.size(), "local clients get every event while the broker is down");
        BrokerStats down = a.brokerStats();
        assertFalse(down.connected());
        // 250 offered: at most 10 in the batch being retried and 100 queued, the rest dropped
        assertTrue(down.dropped() >= 140, "a full publish queue drops and counts: " + down);
        assertTrue(down.pending() <= 100, "the hand-off stays bounded: " + down);

        redis.start();
        awaitConnected(a, b, consumerB);
        // What waited in the queue is sent once the publisher is back; whether b's subscriber was
        // already back for it is up to timing (Pub/Sub keeps nothing), so drain it first.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> a.brokerStats().pending() == 0);
        MessageBatch leftover;
        do {
            leftover = consumerB.poll(Duration.ofMillis(300));
        } while (!leftover.isEmpty());

        assertEquals("after", relayOne(a, consumerB, "after").event(), "cross-node messages flow again");
        BrokerStats up = a.brokerStats();
        assertTrue(up.connected(), up.toString());
        assertTrue(up.published() >= 2, up.toString());
    }

    @Test
    void aConsumerStartedWhileRedisIsDownSubscribesWhenItComesUp() throws Exception {
        redis = new RedisServerProcess(PORT);
        RealtimeManager a = node("late-a");
        RealtimeManager b = node("late-b");
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(10));
        toClose.add(consumerB);
        assertFalse(consumerB.isConnected());
        assertTrue(consumerB.poll(Duration.ofMillis(200)).isEmpty());

        redis.start();
        awaitConnected(a, b, consumerB);
        assertEquals("hello", relayOne(a, consumerB, "hello").event());
    }

    private static void awaitConnected(RealtimeManager a, RealtimeManager b, BrokerConsumer consumer) {
        Awaitility.await("publisher and subscriber connected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> a.broker().isConnected()
                        && consumer.isConnected()
                        && b.broker().isConnected());
    }

    /** Broadcasts on {@code a} and returns what {@code consumer} receives of it. */
    private static Message relayOne(RealtimeManager a, BrokerConsumer consumer, String event) {
        Message sent = a.broadcast("news", event, "x");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message m : consumer.poll(Duration.ofMillis(500)).messages()) {
                if (m.id().equals(sent.id())) {
                    return m;
                }
            }
        }
        assertNotNull(null, "message " + event + " did not arrive through Redis");
        return null;
    }
}
