package dev.realtime.broker.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.DaemonThreads;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.TestTransactionRegistry;
import dev.realtime.transport.memory.MemoryClient;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What only the PostgreSQL broker does, on the server at 127.0.0.1:5432: large messages go through
 * the payload table, which the publisher prunes, and transactional publishing notifies the other
 * nodes on commit and never on rollback. Each test has a channel and a table of its own.
 */
@Timeout(120)
class PostgresBrokerTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String channel = "rt_test_" + run;
    private final String table = "rt_test_payloads_" + run;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        PostgresTesting.dropTable(table);
    }

    private PostgresSettings settings(String node, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", node + "-" + run);
        values.put("realtime.app.secret", "s");
        values.put("realtime.postgres.url", PostgresTesting.URL);
        values.put("realtime.postgres.channel", channel);
        values.put("realtime.postgres.table", table);
        values.putAll(extra);
        return PostgresSettings.from(RealtimeSettings.from(values));
    }

    private PostgresBroker broker(PostgresSettings settings, CallerTransactions transactions) {
        PostgresBroker broker = new PostgresBroker(settings, DaemonThreads.INSTANCE, transactions);
        toClose.add(broker);
        return broker;
    }

    private BrokerConsumer listening(PostgresBroker broker) {
        BrokerConsumer consumer = broker.consumer(ConsumerOptions.all(100));
        toClose.add(consumer);
        Awaitility.await("listening")
                .atMost(Duration.ofSeconds(30))
                .until(() -> consumer.isConnected() && broker.isConnected());
        return consumer;
    }

    @Test
    void largeMessagesGoThroughTheTableAndSmallOnesDoNot() throws Exception {
        PostgresBroker a = broker(settings("a", Map.of()), null);
        BrokerConsumer b = listening(broker(settings("b", Map.of()), null));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(a::isConnected);

        Message small = message("small", "\"" + "x".repeat(7_000) + "\"");
        Message large = message("large", "\"" + "x".repeat(8_000) + "\"");
        a.publish(small);
        a.publish(large);

        List<Message> got = receiveUntil(b, large.id());
        assertEquals(
                List.of(small.id(), large.id()), got.stream().map(Message::id).toList());
        assertEquals(large.data(), got.get(1).data());
        assertEquals(1, rows(), "only the message over the inline limit has a row");
    }

    @Test
    void thePublisherPrunesRowsOlderThanTheRetention() throws Exception {
        PostgresSettings settings = settings("prune", Map.of("realtime.postgres.retention-ms", "60000"));
        long old;
        long fresh;
        try (Connection admin = PostgresTesting.admin()) {
            Notifications.createTable(admin, settings);
            old = insertRow(admin, "now() - interval '61 seconds'");
            fresh = insertRow(admin, "now() - interval '59 seconds'");
        }
        PostgresBroker broker = broker(settings, null);

        Awaitility.await("the row older than the retention is deleted")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !rowExists(old));
        assertTrue(rowExists(fresh), "a row younger than the retention is kept");
        assertTrue(broker.isConnected());
    }

    @Test
    void insideATransactionNodesAreNotifiedOnCommitOnly() throws Exception {
        TestTransactions transactions = new TestTransactions();
        PostgresBroker a = broker(
                settings(
                        "tx-a",
                        Map.of(
                                "realtime.postgres.transactional", "true",
                                "realtime.postgres.datasource", "java:test/unused")),
                transactions);
        BrokerConsumer b = listening(broker(settings("tx-b", Map.of()), null));
        Awaitility.await("a created the table").atMost(Duration.ofSeconds(30)).until(a::isConnected);

        transactions.begin();
        a.publish(message("rolled-back", "1"));
        a.publish(message("rolled-back-large", "\"" + "r".repeat(20_000) + "\""));
        assertEquals(0, a.stats().pending(), "written inside the transaction: nothing went to the queue");
        transactions.rollback();
        assertEquals(0, a.stats().published(), "a rolled-back notification was never published");

        transactions.begin();
        Message committed = message("committed", "2");
        Message committedLarge = message(
                "committed-large", "\"" + "c".repeat(9_500) + "\""); // over the inline limit, within the payload limit
        a.publish(committed);
        a.publish(committedLarge);
        assertEquals(0, a.stats().published(), "counted when the transaction commits");
        transactions.commit();
        assertEquals(2, a.stats().published());

        Message outside = message("outside", "3"); // no transaction: the queue, as always
        a.publish(outside);

        List<Message> got = receiveUntil(b, outside.id());
        assertEquals(
                List.of(committed.id(), committedLarge.id(), outside.id()),
                got.stream().map(Message::id).toList(),
                "the committed messages, then the one published outside; none of the rolled-back ones");
        assertEquals(committedLarge.data(), got.get(1).data());
        assertEquals(1, rows(), "the rolled-back large message's row is gone with its transaction");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.stats().published() == 3);
        assertEquals(0, a.stats().failed());
    }

    @Test
    void aBroadcastInATransactionIsDeliveredLocallyOnCommitOnly() throws Exception {
        TestTransactions transactions = new TestTransactions();
        Map<String, String> values =
                Map.of("realtime.postgres.transactional", "true", "realtime.postgres.datasource", "java:test/unused");
        PostgresSettings settings = settings("tx-local", values);
        Map<String, String> config = new HashMap<>(values);
        config.put("realtime.node.id", "tx-local-" + run);
        config.put("realtime.app.secret", "s");
        RealtimeManager node = new RealtimeManager(new RealtimeNode(
                RealtimeSettings.from(config), broker(settings, transactions), transactions.transaction()));
        MemoryClient client = node.memory().connect();
        client.subscribe("orders");

        transactions.begin();
        node.broadcast("orders", "undone", 1);
        transactions.rollback();
        transactions.begin();
        node.broadcast("orders", "done", 2);
        assertNull(client.poll(Duration.ZERO), "nothing is delivered before the commit");
        transactions.commit();
        node.broadcast("orders", "outside", 3);

        assertEquals("done", client.poll(Duration.ofSeconds(10)).event());
        assertEquals("outside", client.poll(Duration.ofSeconds(10)).event());
        assertTrue(client.drain().isEmpty(), "the rolled-back broadcast was never delivered");
    }

    @Test
    void aTransactionMarkedForRollbackPublishesNothingAndOneWithoutAConnectionPublishesAfterItsCommit()
            throws Exception {
        TestTransactions transactions = new TestTransactions();
        Map<String, String> values =
                Map.of("realtime.postgres.transactional", "true", "realtime.postgres.datasource", "java:test/unused");
        Map<String, String> config = new HashMap<>(values);
        config.put("realtime.node.id", "tx-edge-" + run);
        config.put("realtime.app.secret", "s");
        PostgresBroker a = broker(settings("tx-edge", values), transactions);
        RealtimeManager node =
                new RealtimeManager(new RealtimeNode(RealtimeSettings.from(config), a, transactions.transaction()));
        BrokerConsumer b = listening(broker(settings("tx-edge-b", Map.of()), null));
        MemoryClient client = node.memory().connect();
        client.subscribe("news");

        transactions.begin();
        transactions.markRollbackOnly();
        node.broadcast("news", "doomed", 1); // the bean called setRollbackOnly() before broadcasting
        transactions.rollback();

        transactions.noConnections = true;
        transactions.begin();
        Message late = node.broadcast("news", "late", 2);
        assertNull(client.poll(Duration.ZERO), "nothing before the commit");
        transactions.commit();
        transactions.noConnections = false;

        assertEquals("late", client.poll(Duration.ofSeconds(10)).event(), "delivered here after the commit");
        List<Message> got = receiveUntil(b, late.id());
        assertEquals(List.of(late.id()), got.stream().map(Message::id).toList(), "sent after the commit, not lost");
        assertTrue(client.drain().isEmpty(), "the doomed broadcast reached nobody");
        assertEquals(0, a.stats().failed());
    }

    private static Message message(String event, String data) {
        return new Message(UUID.randomUUID().toString(), "news", event, data, System.currentTimeMillis(), "test", null);
    }

    private static List<Message> receiveUntil(BrokerConsumer consumer, String lastId) {
        List<Message> got = new ArrayList<>();
        Awaitility.await("message " + lastId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    MessageBatch batch = consumer.poll(Duration.ofMillis(200));
                    got.addAll(batch.messages());
                    return got.stream().anyMatch(m -> m.id().equals(lastId));
                });
        return got;
    }

    private long rows() throws SQLException {
        try (Connection c = PostgresTesting.admin();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long insertRow(Connection c, String created) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("INSERT INTO \"" + table + "\" (created, payload) VALUES (" + created
                        + ", '\\x7b7d') RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean rowExists(long id) throws SQLException {
        try (Connection c = PostgresTesting.admin();
                PreparedStatement st = c.prepareStatement("SELECT 1 FROM \"" + table + "\" WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * A stand-in for JTA: a connection with auto-commit off is the calling thread's transaction,
     * with a stand-in registry beside it, and the test commits or rolls both back. The broker's
     * close() of the connection is ignored, as a JTA DataSource's handle keeps the work in the
     * transaction.
     */
    private static final class TestTransactions implements CallerTransactions {
        private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        private final ThreadLocal<Connection> current = new ThreadLocal<>();
        private final TestTransactionRegistry registry = new TestTransactionRegistry();
        private final CallerTransaction transaction = new CallerTransaction(registry);
        volatile boolean noConnections;

        TestTransactions() {
            dataSource.setURL(PostgresTesting.URL);
            dataSource.setUser("postgres");
            dataSource.setApplicationName("realtime-test-transaction");
        }

        void begin() throws SQLException {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            current.set(c);
            registry.begin();
        }

        /** What a bean's {@code setRollbackOnly()} does: the transaction will never commit. */
        void markRollbackOnly() {
            registry.setRollbackOnly();
        }

        void commit() throws SQLException {
            try (Connection c = current.get()) {
                c.commit();
            } finally {
                current.remove();
            }
            registry.commit();
        }

        void rollback() throws SQLException {
            try (Connection c = current.get()) {
                c.rollback();
            } finally {
                current.remove();
            }
            registry.rollback();
        }

        @Override
        public CallerTransaction transaction() {
            return transaction;
        }

        @Override
        public Connection connection() throws SQLException {
            if (noConnections) {
                throw new SQLException("pool exhausted (test)");
            }
            Connection c = current.get();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
