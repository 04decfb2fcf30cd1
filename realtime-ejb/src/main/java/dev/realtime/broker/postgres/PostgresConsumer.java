package dev.realtime.broker.postgres;

import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.BufferedConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A dedicated connection that LISTENs on the broker's channel, on the consumer's thread.
 * Notifications of the selected channels are decoded (a large message's row is read on the same
 * connection) into the bounded buffer that {@link #poll} takes in batches. A lost connection is
 * reopened with back-off and LISTENs again; a check after a few idle seconds finds a dead one that
 * the socket does not report. {@link #isConnected()} is true only while LISTENing.
 */
final class PostgresConsumer extends BufferedConsumer<Message> {
    private static final Logger LOG = Logger.getLogger(PostgresConsumer.class.getName());
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PostgresBroker broker;
    private final PostgresSettings settings;
    private final BrokerCounters counters;
    private final Predicate<String> channels;
    private final RateLimitedLog dropWarnings = new RateLimitedLog(LOG);
    private final RateLimitedLog rowWarnings = new RateLimitedLog(LOG);
    private volatile Connection connection;
    private volatile boolean listening;

    PostgresConsumer(PostgresBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        super(
                broker,
                "PostgreSQL listener on " + broker.settings().channel(),
                threads,
                "realtime-postgres-listener",
                BatchBuffer.forBatches(options.batchSize()));
        this.broker = broker;
        this.settings = broker.settings();
        this.counters = counters;
        this.channels = BrokerRelay.channelFilter(options.channels());
        start();
    }

    @Override
    protected MessageBatch batch(List<Message> taken) {
        return new MessageBatch(taken, BrokerPosition.NONE, BrokerPosition.NONE);
    }

    @Override
    public void commit(BrokerPosition end) {
        // LISTEN/NOTIFY has no position: a delivered batch needs nothing more
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.putBack(batch.messages());
    }

    @Override
    public boolean isConnected() {
        return listening;
    }

    @Override
    public long lag() {
        return -1;
    }

    @Override
    protected String session() throws SQLException {
        try (Connection c = broker.connect("listener")) {
            connection = c;
            if (!running()) {
                return "closed";
            }
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + settings.quotedChannel());
            }
            listening = true;
            subscribed();
            listen(c);
            return "closed";
        } finally {
            listening = false;
            connection = null;
        }
    }

    @Override
    protected void endSession() {
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run); // closes the socket: a wait for notifications ends at once
            } catch (SQLException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    /** Receives until the connection fails or the consumer closes. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running()) {
            PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
            long now = System.nanoTime();
            if (got != null && got.length > 0) {
                receive(c, got);
                lastHeard = now;
            } else if (now - lastHeard > CHECK_AFTER_NANOS) {
                // A silent network failure shows only when we ask something.
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                lastHeard = now;
            }
        }
    }

    /** Decodes one read's notifications, in order, reading the rows of large ones in one query. */
    private void receive(Connection c, PGNotification[] notifications) throws SQLException {
        List<Object> slots = new ArrayList<>(notifications.length);
        List<Long> rows = new ArrayList<>();
        for (PGNotification n : notifications) {
            if (!settings.channel().equals(n.getName())) {
                continue;
            }
            PayloadMarker marker = PayloadMarker.parse(n.getParameter());
            if (marker == null) {
                slots.add(n.getParameter());
            } else if (channels.test(marker.channel())) {
                slots.add(marker);
                rows.add(marker.id());
            }
        }
        Map<Long, byte[]> read = rows.isEmpty() ? Map.of() : Notifications.read(c, settings, rows);
        for (Object slot : slots) {
            Message message;
            if (slot instanceof PayloadMarker marker) {
                byte[] envelope = read.get(marker.id());
                if (envelope == null) {
                    failed("row " + marker.id() + " of " + settings.table()
                            + " is gone (pruned, or the publisher's transaction rolled back)");
                    continue;
                }
                message = broker.envelopes().decode(envelope, () -> "PostgreSQL table " + settings.table());
            } else {
                message = broker.envelopes().decode((String) slot, () -> "PostgreSQL channel " + settings.channel());
            }
            if (message == null) {
                continue; // refused: counted and logged by the codec
            }
            if (!channels.test(message.channel())) {
                continue;
            }
            counters.consumed(1);
            if (!buffer.offer(message)) {
                counters.consumerDropped(1);
                dropWarnings.warn(() -> "PostgreSQL channel " + settings.channel()
                        + ": consumer buffer full: the consumer job is not keeping up; message dropped");
            }
        }
    }

    private void failed(String why) {
        counters.failed(1);
        rowWarnings.warn(() -> "PostgreSQL channel " + settings.channel() + ": dropped " + why);
    }
}
