package dev.realtime.broker.postgres;

import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import jakarta.transaction.Status;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL LISTEN/NOTIFY: the publisher thread sends each batch as one transaction of
 * {@code pg_notify} calls on the configured channel; a message larger than the inline limit is
 * inserted into the payload table and its notification carries the row id. Consumers LISTEN on
 * a dedicated connection each. Notifications never leave the database: the channel (and the table)
 * separate installations that share one.
 *
 * <p>Guarantee: at most once. PostgreSQL delivers a notification only to the sessions listening
 * when it commits, so a node whose listener is disconnected misses it; messages this node
 * publishes while PostgreSQL is unreachable wait in the publish queue (bounded) and are sent when
 * it returns.
 *
 * <p>Transactional publishing ({@code realtime.postgres.transactional}): inside an active JTA
 * transaction {@link #publish} notifies on a connection of the configured JTA DataSource,
 * enlisted in that transaction, so PostgreSQL notifies the other nodes when it commits and not at
 * all when it rolls back; such a message counts as published when the transaction commits.
 * Outside a transaction publishing stays asynchronous.
 */
public final class PostgresBroker extends QueuedBroker {
    public static final String NAME = "postgres";

    private static final Logger LOG = Logger.getLogger(PostgresBroker.class.getName());
    private static final Driver DRIVER = new org.postgresql.Driver();
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final PostgresSettings settings;
    private final CallerTransactions transactions;
    private final RateLimitedLog transactionWarnings = new RateLimitedLog(LOG);

    /**
     * @param threads makes the publisher and listener threads (the container's in a server)
     * @param envelopes signs what this broker publishes and checks what its consumer receives
     */
    public PostgresBroker(PostgresSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(settings, threads, envelopes, true);
    }

    /**
     * Like the three-argument constructor; {@code publishes == false} makes a consume-only broker,
     * which needs no caller transactions.
     */
    public PostgresBroker(
            PostgresSettings settings, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        this(
                settings,
                threads,
                envelopes,
                publishes && settings.transactional()
                        ? new JndiTransactions(settings.dataSource().orElseThrow())
                        : null,
                publishes);
    }

    /** @param transactions the caller's transactions, {@code null} for asynchronous publishing only */
    PostgresBroker(PostgresSettings settings, ThreadFactory threads, CallerTransactions transactions) {
        this(settings, threads, EnvelopeCodec.unkeyed(), transactions, true);
    }

    private PostgresBroker(
            PostgresSettings settings,
            ThreadFactory threads,
            EnvelopeCodec envelopes,
            CallerTransactions transactions,
            boolean publishes) {
        super(NAME, threads, envelopes, publishes);
        this.settings = settings;
        this.transactions = transactions;
        startPublishing(new Publisher(), settings.publishQueue(), settings.publishBatch());
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        return track(new PostgresConsumer(this, options, counters, threads));
    }

    /**
     * Inside the caller's active transaction (transactional publishing only): notifies on its
     * enlisted connection, so the other nodes hear of it at commit, and counts it as published
     * then. A failure is counted and logged, never thrown; PostgreSQL then aborts the caller's
     * transaction, as for any failed statement in it.
     */
    @Override
    protected boolean publishOnCallerThread(Message message) {
        if (transactions == null) {
            return false;
        }
        CallerTransaction transaction = transactions.transaction();
        int status = transaction.status();
        if (status == Status.STATUS_MARKED_ROLLBACK) {
            return true; // the transaction will never commit: nobody hears of it
        }
        if (status != Status.STATUS_ACTIVE) {
            return false;
        }
        Connection c;
        try {
            c = transactions.connection();
        } catch (SQLException | RuntimeException e) {
            // Not in the transaction, but not lost either: sent asynchronously once it commits
            warnTransactional(
                    "cannot get a connection from DataSource "
                            + settings.dataSource().orElse("?") + "; message " + message.id()
                            + " is sent after the commit instead",
                    e);
            if (!transaction.afterCommit(() -> enqueue(message))) {
                enqueue(message);
            }
            return true;
        }
        try (c) {
            Notifications.write(c, settings, envelopes, List.of(message));
            if (!transaction.afterCommit(() -> counters.published(1))) {
                counters.published(1);
            }
        } catch (SQLException | RuntimeException e) {
            counters.failed(1);
            warnTransactional(
                    "notifying inside the caller's transaction failed (DataSource "
                            + settings.dataSource().orElse("?") + "); message " + message.id() + " is lost",
                    e);
        }
        return true;
    }

    private void warnTransactional(String what, Exception e) {
        transactionWarnings.warn(() -> "PostgreSQL broker: " + what, e);
    }

    /** With transactional publishing, {@link #publish} writes in the caller's active transaction. */
    @Override
    public boolean publishesInCallerTransaction() {
        return transactions != null;
    }

    @Override
    protected void closeClients() {
        consumers().forEach(BrokerConsumer::close);
    }

    PostgresSettings settings() {
        return settings;
    }

    /**
     * A new connection of the broker's own (never a pooled one: LISTEN belongs to a session).
     * The driver is used directly, so class loaders of an application server do not matter.
     */
    Connection connect(String role) throws SQLException {
        Connection c = DRIVER.connect(settings.url(), settings.connectionProperties(role));
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + settings.url());
        }
        return c;
    }

    /** The publishing connection, used only by the publisher thread; one transaction per batch. */
    private final class Publisher implements AsyncPublisher.Sink {
        private Connection connection;
        private long nextPrune;

        @Override
        public void send(List<Message> batch) throws SQLException {
            Connection c = connection();
            try {
                Notifications.write(c, settings, envelopes, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                disconnect();
                throw e;
            }
            counters.published(batch.size());
            pruneIfDue(c);
        }

        @Override
        public void ping() throws SQLException {
            Connection c = connection();
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                disconnect();
                throw e;
            }
            pruneIfDue(c);
        }

        @Override
        public void disconnect() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection is already broken
                }
                connection = null;
            }
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                Connection c = connect("publisher");
                try {
                    c.setAutoCommit(false);
                    Notifications.createTable(c, settings);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                connection = c;
                nextPrune = System.nanoTime(); // prune once on each (re)connect
            }
            return connection;
        }

        /** Deletes expired payload rows, at most once a minute; a failure is only logged. */
        private void pruneIfDue(Connection c) {
            long now = System.nanoTime();
            if (now - nextPrune < 0) {
                return;
            }
            nextPrune = now + PRUNE_INTERVAL.toNanos();
            try {
                int deleted = Notifications.prune(c, settings, settings.retention());
                c.commit();
                LOG.fine(() -> "PostgreSQL broker pruned " + deleted + " payload rows");
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "PostgreSQL broker could not prune table " + settings.table(), e);
                try {
                    c.rollback();
                } catch (SQLException | RuntimeException ignored) {
                    // the next send or ping finds out whether the connection is broken
                }
            }
        }
    }
}
