package dev.realtime.broker.nats;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.ops.RateLimitedLog;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * NATS: each message is published on {@code <prefix>.<channel>} (see {@link NatsSubjects}) from a
 * connection of its own, owned by the publisher thread; each consumer has another connection.
 *
 * <p>Core NATS (default): the publisher publishes a batch and flushes once; a consumer subscribes
 * to the subjects of its channel globs. At most once: a node whose consumer is disconnected misses
 * what is published meanwhile.
 *
 * <p>JetStream ({@code realtime.nats.jetstream=true}): the stream {@code realtime.nats.stream} takes
 * {@code <prefix>.>} (created if missing); the publisher waits for every message's acknowledgement
 * (with the message id as {@code Nats-Msg-Id}, so a retried batch is not stored twice), and each
 * node reads through a durable pull consumer of its own and acknowledges a batch only after it was
 * handed on. At least once: a node that was away resumes where it stopped.
 *
 * <p>The client reconnects by itself (forever, {@code realtime.nats.reconnect-wait-ms} apart);
 * while it is disconnected nothing is handed to it: the batch waits in the publish queue and is
 * retried, so {@link #publish} never blocks and an outage shows in {@link #isConnected()} at once.
 */
public final class NatsBroker extends QueuedBroker {
    public static final String NAME = "nats";
    private static final Logger LOG = Logger.getLogger(NatsBroker.class.getName());
    /** JetStream API error codes (ApiErrors in the server). */
    static final int STREAM_NOT_FOUND = 10059;

    static final int CONSUMER_NOT_FOUND = 10014;

    private final NatsSettings settings;
    private final NatsStream stream;
    private final NatsPublisher publisher;

    /**
     * @param threads makes the publisher and consumer threads (the container's in a server); the
     *     NATS client runs its own reader, writer and dispatcher threads
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public NatsBroker(NatsSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(settings, threads, envelopes, true);
    }

    /** Like the three-argument constructor; {@code publishes == false} makes a consume-only broker. */
    public NatsBroker(NatsSettings settings, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        super(NAME, threads, envelopes, publishes);
        this.settings = settings;
        this.stream = new NatsStream(settings);
        this.publisher = new NatsPublisher(this, counters);
        startPublishing(publisher, settings.publishQueue(), settings.publishBatch());
        LOG.info(() -> "NATS broker: " + (settings.jetStream() ? "JetStream stream " + settings.stream() : "core NATS")
                + " on " + settings.servers() + ", subjects " + settings.allSubjects());
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        return track(
                settings.jetStream()
                        ? new NatsJetStreamConsumer(this, options, counters, threads).begin()
                        : new NatsCoreConsumer(this, options, counters, threads).begin());
    }

    @Override
    protected void closeClients() {
        consumers().forEach(BrokerConsumer::close);
        publisher.close();
    }

    NatsSettings settings() {
        return settings;
    }

    /** The publishing connection went down: the broker is down until the next send or ping works. */
    void publisherLost() {
        reportConnected(false);
    }

    /**
     * Opens a connection (blocking up to the timeout per server); after that the client reconnects
     * by itself. {@code onEvent} sees every connection event (from a client thread).
     */
    Connection connect(String role, Consumer<ConnectionListener.Events> onEvent)
            throws IOException, InterruptedException {
        Options options = new Options.Builder()
                .servers(settings.servers().toArray(String[]::new))
                .connectionName("realtime-" + role)
                .connectionTimeout(settings.timeout())
                .maxReconnects(-1)
                .reconnectWait(settings.reconnectWait())
                .pingInterval(Duration.ofSeconds(5))
                .maxPingsOut(2)
                .connectionListener((connection, event) -> onEvent.accept(event))
                .errorListener(new LoggingErrors(role))
                .build();
        return Nats.connect(options);
    }

    /** This cluster's JetStream stream (JetStream mode). */
    NatsStream stream() {
        return stream;
    }

    /** A call site's rate-limited warning on the NATS broker's logger (keep one per call site). */
    static RateLimitedLog warnings() {
        return new RateLimitedLog(LOG);
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing a NATS connection failed", e);
            }
        }
    }

    /** Client errors into java.util.logging, rate-limited. */
    private final class LoggingErrors implements ErrorListener {
        private final String role;
        private final RateLimitedLog serverErrors = warnings();
        private final RateLimitedLog failures = warnings();
        private final RateLimitedLog slowConsumer = warnings();

        LoggingErrors(String role) {
            this.role = role;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            serverErrors.warn(() -> "NATS " + role + " connection: server error " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            failures.warn(() -> "NATS " + role + " connection failed: " + exp, exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            slowConsumer.warn(() -> "NATS " + role + " connection is a slow consumer: the client dropped messages");
        }
    }
}
