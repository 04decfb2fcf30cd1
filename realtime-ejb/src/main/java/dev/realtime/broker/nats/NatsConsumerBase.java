package dev.realtime.broker.nats;

import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BufferedConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.message.Message;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What both NATS consumers share: a connection of their own, opened and set up (subscribed) by the
 * consumer's thread with back-off until it works. Once connected the client reconnects by itself,
 * so a session keeps its connection and only a set-up that breaks (a deleted stream or consumer)
 * is done again.
 */
abstract class NatsConsumerBase extends BufferedConsumer<NatsConsumerBase.Held> {
    private static final Logger LOG = Logger.getLogger(NatsConsumerBase.class.getName());

    /** A received message: decoded, with the NATS message to acknowledge (JetStream) and its sequence. */
    record Held(Message message, io.nats.client.Message source, long sequence) {}

    protected final NatsBroker broker;
    protected final NatsSettings settings;
    protected final BrokerCounters counters;
    protected final int batchSize;
    protected final List<String> subjects;
    private final String role;
    private volatile Connection connection;
    private volatile boolean ready;

    NatsConsumerBase(
            NatsBroker broker,
            ConsumerOptions options,
            BrokerCounters counters,
            ThreadFactory threads,
            String role,
            BatchBuffer<Held> buffer) {
        super(broker, "NATS " + role, threads, "realtime-nats-" + role, buffer);
        this.broker = broker;
        this.settings = broker.settings();
        this.counters = counters;
        this.batchSize = options.batchSize();
        this.subjects = NatsSubjects.subscriptions(settings.prefix(), options.channels());
        this.role = role;
    }

    /** Starts the consumer's thread; called once the subclass is constructed. */
    final NatsConsumerBase begin() {
        start();
        return this;
    }

    /** Subscribes on a connection that is up; throws if that fails (tried again with back-off). */
    protected abstract void setUp(Connection connection) throws Exception;

    /** One round of the consumer thread while set up: receive, or wait (about a second at most). */
    protected abstract void work(Connection connection) throws Exception;

    /** Undoes {@link #setUp} (the connection may be down); {@code last}: the consumer is closing. */
    protected abstract void tearDown(Connection connection, boolean last);

    /** Whether the consumer's connection is up and it is subscribed. */
    @Override
    public boolean isConnected() {
        Connection c = connection;
        return ready && c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    protected String session() throws Exception {
        Connection c = connection;
        try {
            if (c == null || c.getStatus() == Connection.Status.CLOSED) {
                ready = false;
                c = broker.connect(role, this::event);
                connection = c;
            }
            while (running()) {
                if (c.getStatus() != Connection.Status.CONNECTED) {
                    await(200); // the client is reconnecting
                    continue;
                }
                if (!ready) {
                    setUp(c);
                    ready = true;
                    subscribed();
                }
                work(c);
            }
            return "closed";
        } catch (Exception | LinkageError e) {
            ready = false;
            if (running()) {
                tearDown(c, false);
            }
            throw e;
        }
    }

    @Override
    protected void endSession() {
        // the consumer's thread sees running() turn false within a round and closes the connection
    }

    @Override
    protected void stopped() {
        ready = false;
        tearDown(connection, true);
        NatsBroker.closeQuietly(connection);
    }

    private void event(ConnectionListener.Events event) {
        LOG.log(Level.FINE, () -> "NATS " + role + " connection " + event);
        signal();
    }
}
