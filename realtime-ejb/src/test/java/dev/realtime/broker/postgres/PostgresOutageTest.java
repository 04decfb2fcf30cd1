package dev.realtime.broker.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.TestSettings;
import dev.realtime.transport.memory.MemoryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL drops the broker's sessions: the test terminates the backends of its own nodes (found
 * by their {@code ApplicationName}) and, so that the outage lasts until the test ends it, the
 * nodes connect as a role of the test's own whose logins it refuses meanwhile ({@code NOLOGIN}).
 * While it lasts {@code broadcast()} returns and local clients get every event; afterwards the
 * publisher and the listener reconnect by themselves and messages flow between the nodes again.
 */
@Timeout(180)
class PostgresOutageTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String role = "rt_outage_" + run;
    private final String table = "rt_outage_payloads_" + run;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void createRole() throws SQLException {
        PostgresTesting.requireServer();
        admin("CREATE ROLE " + role + " LOGIN", "GRANT USAGE, CREATE ON SCHEMA public TO " + role);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        // DROP OWNED drops the role's payload table and revokes its grant
        admin("DROP OWNED BY " + role, "DROP ROLE " + role);
    }

    private RealtimeNode node(String id) {
        RealtimeNode manager = new RealtimeNode(RealtimeSettings.from(TestSettings.withoutClusterTraffic(Map.of(
                "realtime.node.id",
                id + "-" + run,
                "realtime.app.secret",
                "secret",
                "realtime.broker",
                "postgres",
                "realtime.postgres.url",
                PostgresTesting.URL,
                "realtime.postgres.user",
                role,
                "realtime.postgres.channel",
                "rt_outage_" + run,
                "realtime.postgres.table",
                table,
                "realtime.postgres.timeout-ms",
                "1000",
                "realtime.broker.publish-queue",
                "100",
                "realtime.broker.publish-batch",
                "10"))));
        toClose.add(manager.broker());
        return manager;
    }

    @Test
    void broadcastKeepsWorkingLocallyWhileTheSessionsAreGoneAndBothSidesReconnect() throws Exception {
        RealtimeNode a = node("outage-a");
        RealtimeNode b = node("outage-b");
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(100));
        toClose.add(consumerB);
        awaitConnected(a, b, consumerB);
        assertEquals("before", relayOne(a, consumerB, "before").event());

        admin("ALTER ROLE " + role + " NOLOGIN");
        int terminated = terminateBackendsOf(a, b);
        assertEquals(3, terminated, "a's publisher, b's publisher and b's listener");
        Awaitility.await("both sides notice the outage")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !a.broker().isConnected()
                        && !consumerB.isConnected()
                        && !b.broker().isConnected());

        MemoryClient local = a.memory().connect().subscribe("news");
        for (int i = 0; i < 250; i++) {
            a.broadcast("news", "during", i); // returns although PostgreSQL refuses the broker
        }
        List<Message> delivered = local.drain();
        assertEquals(250, delivered.size(), "local clients get every event while the broker is down");
        BrokerStats down = a.brokerStats();
        assertFalse(down.connected());
        // 250 offered: at most 10 in the batch being retried and 100 queued, the rest dropped
        assertTrue(down.dropped() >= 140, "a full publish queue drops and counts: " + down);
        assertTrue(down.pending() <= 100, "the hand-off stays bounded: " + down);

        admin("ALTER ROLE " + role + " LOGIN");
        awaitConnected(a, b, consumerB);
        // What waited in the queue is sent once the publisher is back; whether b was listening
        // again already is up to timing (NOTIFY keeps nothing for a session that is not there).
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
    void aListenerStartedWhileLoginsAreRefusedListensOnceTheyAreAllowed() throws Exception {
        admin("ALTER ROLE " + role + " NOLOGIN");
        RealtimeNode a = node("late-a");
        RealtimeNode b = node("late-b");
        BrokerConsumer consumerB = b.broker().consumer(ConsumerOptions.all(10));
        toClose.add(consumerB);
        assertFalse(consumerB.isConnected());
        assertTrue(consumerB.poll(Duration.ofMillis(200)).isEmpty());
        a.broadcast("news", "early", "x"); // returns; waits in the queue

        admin("ALTER ROLE " + role + " LOGIN");
        awaitConnected(a, b, consumerB);
        assertEquals("hello", relayOne(a, consumerB, "hello").event());
    }

    /** Terminates the backends of both nodes' connections; returns how many. */
    private static int terminateBackendsOf(RealtimeNode a, RealtimeNode b) throws SQLException {
        try (Connection c = PostgresTesting.admin();
                PreparedStatement st =
                        c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE starts_with(application_name, ?) OR starts_with(application_name, ?)")) {
            st.setString(1, "realtime " + a.settings().nodeId() + " ");
            st.setString(2, "realtime " + b.settings().nodeId() + " ");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = PostgresTesting.admin();
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static void awaitConnected(RealtimeNode a, RealtimeNode b, BrokerConsumer consumer) {
        Awaitility.await("publisher and listener connected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> a.broker().isConnected()
                        && consumer.isConnected()
                        && b.broker().isConnected());
    }

    /** Broadcasts on {@code a} and returns what {@code consumer} receives of it. */
    private static Message relayOne(RealtimeNode a, BrokerConsumer consumer, String event) {
        Message sent = a.broadcast("news", event, "x");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message m : consumer.poll(Duration.ofMillis(500)).messages()) {
                if (m.id().equals(sent.id())) {
                    return m;
                }
            }
        }
        assertNotNull(null, "message " + event + " did not arrive through PostgreSQL");
        return null;
    }
}
