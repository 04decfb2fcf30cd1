package dev.realtime.broker.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.NatsServerProcess;
import dev.realtime.testing.TestSettings;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NATS goes away and comes back: a {@code nats-server -js} of the test's own on port {@value
 * #PORT} (store under {@code target/}), killed and restarted. While it is down, {@code broadcast()}
 * returns at once, local clients still get every event and the broker says it is disconnected;
 * afterwards the publisher and the consumer reconnect by themselves and messages flow between the
 * nodes again. With JetStream, what waited in the publish queue arrives too, and so does what was
 * published while the node's consumer was closed.
 */
@Timeout(240)
class NatsOutageTest {
    private static final int PORT = 14222;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private NatsServerProcess nats;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (nats != null) {
            nats.close();
            nats.deleteStore();
        }
    }

    private RealtimeManager node(String id, boolean jetStream) {
        RealtimeManager manager =
                new RealtimeManager(new RealtimeNode(RealtimeSettings.from(TestSettings.withoutClusterTraffic(Map.of(
                        "realtime.node.id", id + "-" + run,
                        "realtime.app.secret", "secret",
                        "realtime.broker", "nats",
                        "realtime.nats.url", nats.url(),
                        "realtime.nats.jetstream", String.valueOf(jetStream),
                        "realtime.nats.subject-prefix", "outage-" + run,
                        "realtime.nats.timeout-ms", "500",
                        "realtime.nats.reconnect-wait-ms", "200",
                        "realtime.broker.publish-queue", "100",
                        "realtime.broker.publish-batch", "10")))));
        toClose.add(manager.broker());
        return manager;
    }

    @Test
    void coreNatsBroadcastKeepsWorkingLocallyWhileNatsIsDownAndBothSidesReconnect() throws Exception {
        outage(false);
    }

    @Test
    void jetStreamDeliversWhatWaitedAndWhatWasPublishedWhileTheConsumerWasAway() throws Exception {
        outage(true);
    }

    private void outage(boolean jetStream) throws Exception {
        nats = new NatsServerProcess(PORT).start();
        RealtimeManager a = node("a", jetStream);
        RealtimeManager b = node("b", jetStream);
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(100));
        toClose.add(consumerB);
        awaitConnected(a, b, consumerB);
        assertEquals("before", relayOne(a, consumerB, "before").event());

        nats.kill();
        Awaitility.await("both sides notice the outage")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !a.broker().isConnected()
                        && !consumerB.isConnected()
                        && !b.broker().isConnected());

        MemoryClient local = a.memory().connect().subscribe("news");
        List<String> during = new ArrayList<>();
        // Returns although NATS is unreachable; a publish that waited for the server would need
        // far longer than this (the connect timeout is 500 ms).
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 250; i++) {
                during.add(a.broadcast("news", "during", i).id());
            }
        });
        assertEquals(250, local.drain().size(), "local clients get every event while the broker is down");
        BrokerStats down = a.brokerStats();
        assertFalse(down.connected());
        // 250 offered: at most 10 in the batch being retried and 100 queued, the rest dropped
        assertTrue(down.dropped() >= 140, "a full publish queue drops and counts: " + down);
        assertTrue(down.pending() <= 100, "the hand-off stays bounded: " + down);
        assertFalse(consumerB.isConnected());

        nats.start();
        awaitConnected(a, b, consumerB);
        Awaitility.await("the publish queue is sent")
                .atMost(Duration.ofSeconds(60))
                .until(() -> a.brokerStats().pending() == 0);
        if (jetStream) {
            // The queued messages were stored once the publisher was back; the durable consumer gets
            // each of them, exactly the ones that were not dropped.
            long kept = 250 - a.brokerStats().dropped();
            Set<String> got = receive(consumerB, "during", (int) kept);
            assertTrue(during.containsAll(got), "only this run's messages");
            assertEquals(kept, got.size(), "every message that waited in the queue arrived");
        } else {
            // Core NATS keeps nothing: whether b's subscription was back for them is up to timing.
            MessageBatch leftover;
            do {
                leftover = consumerB.poll(Duration.ofMillis(300));
            } while (!leftover.isEmpty());
        }
        assertEquals("after", relayOne(a, consumerB, "after").event(), "cross-node messages flow again");
        BrokerStats up = a.brokerStats();
        assertTrue(up.connected(), up.toString());
        assertTrue(up.published() >= 2, up.toString());

        if (jetStream) {
            consumerB.close();
            List<String> away = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                away.add(a.broadcast("news", "away", i).id());
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> a.brokerStats().pending() == 0);
            BrokerConsumer again = b.broker().consumer(ConsumerOptions.all(100));
            toClose.add(again);
            Set<String> got = receive(again, "away", 5);
            assertEquals(new HashSet<>(away), got, "the durable consumer kept what came while it was closed");
        }
    }

    @Test
    void aConsumerStartedWhileNatsIsDownSubscribesWhenItComesUp() throws Exception {
        nats = new NatsServerProcess(PORT);
        RealtimeManager a = node("late-a", false);
        RealtimeManager b = node("late-b", false);
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(10));
        toClose.add(consumerB);
        assertFalse(consumerB.isConnected());
        assertTrue(consumerB.poll(Duration.ofMillis(200)).isEmpty());

        Broker closing = node("closing", true).broker();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            closing.consumer(ConsumerOptions.all(10));
            closing.close();
            closing.close(); // idempotent
        });
        assertFalse(closing.isConnected());

        nats.start();
        awaitConnected(a, b, consumerB);
        assertEquals("hello", relayOne(a, consumerB, "hello").event());
    }

    private static void awaitConnected(RealtimeManager a, RealtimeManager b, BrokerConsumer consumer) {
        Awaitility.await("publisher and consumer connected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> a.broker().isConnected()
                        && consumer.isConnected()
                        && b.broker().isConnected());
    }

    /** Polls (and commits) until {@code count} distinct messages of {@code event} arrived. */
    private static Set<String> receive(BrokerConsumer consumer, String event, int count) {
        Set<String> got = new HashSet<>();
        Awaitility.await(count + " " + event + " messages")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    MessageBatch batch = consumer.poll(Duration.ofMillis(200));
                    for (Message m : batch.messages()) {
                        if (m.event().equals(event)) {
                            got.add(m.id());
                        }
                    }
                    consumer.commit(batch.end());
                    return got.size() >= count;
                });
        return got;
    }

    /** Broadcasts on {@code a} and returns what {@code consumer} receives of it. */
    private static Message relayOne(RealtimeManager a, BrokerConsumer consumer, String event) {
        Message sent = a.broadcast("news", event, "x");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            MessageBatch batch = consumer.poll(Duration.ofMillis(500));
            consumer.commit(batch.end());
            for (Message m : batch.messages()) {
                if (m.id().equals(sent.id())) {
                    return m;
                }
            }
        }
        return fail("message " + event + " did not arrive through NATS");
    }
}
