package dev.realtime.broker.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.RabbitServer;
import dev.realtime.testing.TestSettings;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RabbitMQ cuts a node off: the server closes the node's connections ({@code rabbitmqctl
 * close_connection}) and, for the long outage, refuses it until its permissions are given back.
 * Each test has a vhost and two users of its own (node a, node b), all deleted at the end, so
 * only this test's connections are ever touched.
 */
@Timeout(240)
class RabbitOutageTest {
    private static final String PASSWORD = "outage-test";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String vhost = "realtime-outage-" + run;
    private final String userA = "realtime-a-" + run;
    private final String userB = "realtime-b-" + run;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void vhostAndUsers() throws Exception {
        RabbitServer.requireCtl();
        RabbitServer.ctl("-q", "add_vhost", vhost);
        for (String user : List.of(userA, userB)) {
            RabbitServer.ctl("-q", "add_user", user, PASSWORD);
            allow(user);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        for (List<String> command :
                List.of(List.of("delete_vhost", vhost), List.of("delete_user", userA), List.of("delete_user", userB))) {
            try {
                List<String> args = new ArrayList<>(List.of("-q"));
                args.addAll(command);
                RabbitServer.ctl(args.toArray(String[]::new));
            } catch (IllegalStateException e) {
                // never created (the server was missing): nothing to delete
            }
        }
    }

    @Test
    void durableQueuesKeepWhatANodeMissedWhileItWasCutOff() throws Exception {
        RealtimeNode a = node("a", userA, "durable");
        RealtimeNode b = node("b", userB, "durable");
        BrokerConsumer consumerA = consumer(a);
        BrokerConsumer consumerB = consumer(b);
        awaitConnected(a, consumerA);
        awaitConnected(b, consumerB);
        relay(a, consumerB, "before");

        // The server refuses b from now on and closes its two connections (publisher, consumer)
        RabbitServer.ctl("-q", "clear_permissions", "-p", vhost, userB);
        assertEquals(2, closeConnections(userB, "b-" + run), "b's publisher and consumer, found by name");
        Awaitility.await("b notices")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !b.broker().isConnected() && !consumerB.isConnected());

        // a goes on publishing; b's durable queue keeps it
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            missed.add(a.broadcast("news", "while-b-was-away", i).id());
        }
        // b's broadcast() returns while RabbitMQ refuses it, and its local clients get everything
        MemoryClient local = b.memory().connect().subscribe("news");
        for (int i = 0; i < 250; i++) {
            b.broadcast("news", "during", i);
        }
        assertFalse(b.broker().isConnected(), "broadcast() returned without waiting for the broker");
        assertEquals(250, local.drain().size(), "local clients get every event while the broker is down");
        BrokerStats down = b.brokerStats();
        assertFalse(down.connected());
        // 250 offered: at most 10 in the batch being retried and 100 queued, the rest dropped
        assertTrue(down.dropped() >= 140, "a full publish queue drops and counts: " + down);
        assertTrue(down.pending() <= 100, "the hand-off stays bounded: " + down);
        long keptForA = 250 - down.dropped();

        allow(userB);
        awaitConnected(b, consumerB);
        assertEquals(
                Set.copyOf(missed),
                receive(consumerB, m -> missed.contains(m.id()), missed.size()),
                "b gets what it missed");
        Set<String> during = receive(consumerA, m -> m.event().equals("during"), (int) keptForA);
        assertEquals(keptForA, during.size(), "every message b queued while cut off reaches a, once");
        relay(a, consumerB, "after");
        relay(b, consumerA, "after");
    }

    @Test
    void exclusiveQueuesComeBackAfterTheServerClosesEveryConnection() throws Exception {
        RealtimeNode a = node("a", userA, "exclusive");
        RealtimeNode b = node("b", userB, "exclusive");
        BrokerConsumer consumerB = consumer(b);
        awaitConnected(a, null);
        awaitConnected(b, consumerB);
        relay(a, consumerB, "before");
        Set<String> before = pids();
        assertEquals(3, before.size(), "a's publisher, b's publisher and consumer: " + before);

        closeConnections(userA, "a-" + run);
        closeConnections(userB, "b-" + run);
        // Nothing refuses them: every connection is opened again by itself (new ones, by pid)
        Awaitility.await("three new connections")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Set<String> now = pids();
                    return now.size() == 3 && now.stream().noneMatch(before::contains);
                });
        awaitConnected(a, null);
        awaitConnected(b, consumerB);
        relay(a, consumerB, "after");
        BrokerStats stats = a.brokerStats();
        assertTrue(stats.connected() && stats.published() >= 2, stats.toString());
    }

    private RealtimeNode node(String name, String user, String mode) {
        RealtimeNode manager = new RealtimeNode(RealtimeSettings.from(TestSettings.withoutClusterTraffic(Map.of(
                "realtime.node.id", name + "-" + run,
                "realtime.app.secret", "secret",
                "realtime.broker", "rabbitmq",
                "realtime.rabbitmq.uri", "amqp://" + user + ":" + PASSWORD + "@127.0.0.1:5672/" + vhost,
                "realtime.rabbitmq.queue-mode", mode,
                "realtime.rabbitmq.connect-timeout-ms", "2000",
                "realtime.broker.publish-queue", "100",
                "realtime.broker.publish-batch", "10"))));
        toClose.add(manager.broker());
        return manager;
    }

    private BrokerConsumer consumer(RealtimeNode node) {
        BrokerConsumer consumer = node.broker().consumer(ConsumerOptions.all(100));
        toClose.add(consumer);
        return consumer;
    }

    private void allow(String user) throws Exception {
        RabbitServer.ctl("-q", "set_permissions", "-p", vhost, user, ".*", ".*", ".*");
    }

    /** This vhost's connections: {@code pid user client_properties} per line. */
    private List<String[]> connections() throws Exception {
        return RabbitServer.ctl("-s", "list_connections", "pid", "user", "vhost", "client_properties").stream()
                .map(line -> line.split("\t"))
                .filter(cols -> cols.length == 4 && cols[2].equals(vhost))
                .toList();
    }

    private Set<String> pids() throws Exception {
        return connections().stream().map(cols -> cols[0]).collect(Collectors.toSet());
    }

    /** Closes {@code user}'s connections from the server side; checks that they carry the node's name. */
    private int closeConnections(String user, String nodeId) throws Exception {
        int closed = 0;
        for (String[] cols : connections()) {
            if (cols[1].equals(user)) {
                assertTrue(
                        cols[3].contains("{\"connection_name\",\"realtime " + nodeId + " "),
                        "named after the node: " + cols[3]);
                RabbitServer.ctl("-q", "close_connection", cols[0], "outage test");
                closed++;
            }
        }
        return closed;
    }

    private static void awaitConnected(RealtimeNode node, BrokerConsumer consumer) {
        Awaitility.await(node.settings().nodeId() + " connected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.broker().isConnected() && (consumer == null || consumer.isConnected()));
    }

    /** Broadcasts an event on {@code from} and waits until {@code to} receives it, once. */
    private static void relay(RealtimeNode from, BrokerConsumer to, String event) {
        Message sent = from.broadcast("news", event, "x");
        assertEquals(Set.of(sent.id()), receive(to, m -> m.id().equals(sent.id()), 1), event);
    }

    /**
     * Polls (and commits) until {@code count} messages {@code which} selects came; fails on a
     * duplicate among them. Returns their ids.
     */
    private static Set<String> receive(BrokerConsumer consumer, Predicate<Message> which, int count) {
        Set<String> ids = new HashSet<>();
        Awaitility.await(count + " messages")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    MessageBatch batch = consumer.poll(Duration.ofMillis(200));
                    for (Message m : batch.messages()) {
                        if (which.test(m)) {
                            assertTrue(ids.add(m.id()), "no duplicate: " + m.id());
                        }
                    }
                    consumer.commit(batch.end());
                    return ids.size() >= count;
                });
        return ids;
    }
}
