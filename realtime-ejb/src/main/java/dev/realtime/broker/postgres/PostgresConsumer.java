package dev.realtime.broker.postgres;

import dev.realtime.broker.Backoff;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.broker.MessageBuffer;
import dev.realtime.message.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A dedicated connection that LISTENs on the broker's channel, on its own thread. Notifications
 * of the selected channels are decoded (a large message's row is read on the same connection)
 * into a bounded buffer that {@link #poll} takes in batches. A lost connection is reopened with
 * back-off and LISTENs again; a check after a few idle seconds finds a dead one that the socket
 * does not report. {@link #isConnected()} is true only while LISTENing.
 */
final class PostgresConsumer implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(PostgresConsumer.class.getName());
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PostgresBroker broker;
    private final PostgresSettings settings;
    private final BrokerCounters counters;
    private final int batchSize;
    private final Predicate<String> channels;
    private final MessageBuffer buffer;
    private final Thread thread;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile Connection connection;
    private volatile boolean listening;
    private volatile boolean running = true;

    PostgresConsumer(PostgresBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        this.broker = broker;
        this.settings = broker.settings();
        this.counters = counters;
        this.batchSize = options.batchSize();
        this.channels = BrokerRelay.channelFilter(options.channels());
        this.buffer = new MessageBuffer(batchSize);
        this.thread = threads.newThread(this::run);
        thread.setName("realtime-postgres-listener");
        thread.start();
    }

    @Override
    public MessageBatch poll(Duration timeout) {
        return buffer.poll(timeout);
    }

    @Override
    public void commit(MessageBatch batch) {
        // LISTEN/NOTIFY has no position: a delivered batch needs nothing more
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.rewind(batch);
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
    public void wakeup() {
        buffer.wakeup();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        broker.closed(this);
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run); // closes the socket: a wait for notifications ends at once
            } catch (SQLException | RuntimeException e) {
                // closing anyway
            }
        }
        thread.interrupt(); // ends a back-off pause
        wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        boolean warned = false;
        while (running) {
            try (Connection c = broker.connect("listener")) {
                connection = c;
                if (!running) {
                    break;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + settings.quotedChannel());
                }
                listening = true;
                backoff.reset();
                if (warned) {
                    LOG.info(() -> "PostgreSQL listener is listening on " + settings.channel() + " again");
                    warned = false;
                }
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!warned) {
                    LOG.warning(() -> "PostgreSQL listener lost its connection; reconnecting with back-off: " + e);
                    warned = true;
                } else {
                    LOG.log(Level.FINE, "PostgreSQL listener still disconnected", e);
                }
            } finally {
                listening = false;
                connection = null;
            }
            if (running && !backoff.pause()) {
                break;
            }
        }
    }

    /** Receives until the connection fails or the consumer closes. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
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
                counters.dropped(1);
                warn("consumer buffer full: the consumer job is not keeping up; message dropped");
            }
        }
    }

    private void failed(String why) {
        counters.failed(1);
        warn("dropped " + why);
    }

    private void warn(String what) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warning(() -> "PostgreSQL channel " + settings.channel() + ": " + what + " (further ones for "
                    + TimeUnit.NANOSECONDS.toSeconds(WARN_EVERY_NANOS) + " s at FINE level)");
        } else {
            LOG.fine(() -> "PostgreSQL channel " + settings.channel() + ": " + what);
        }
    }
}
