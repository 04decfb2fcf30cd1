package dev.realtime.broker.nats;

import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.message.Message;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** JetStream API error codes (ApiErrors in the server). */
    static final int STREAM_NOT_FOUND = 10059;

    static final int CONSUMER_NOT_FOUND = 10014;

    private final NatsSettings settings;
    private final NatsStream stream;
    private final Publisher publisher = new Publisher();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /**
     * @param threads makes the publisher and consumer threads (the container's in a server); the
     *     NATS client runs its own reader, writer and dispatcher threads
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public NatsBroker(NatsSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        super(NAME, threads, envelopes);
        this.settings = settings;
        this.stream = new NatsStream(settings);
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

    /** Logs at most one warning per 10 seconds, the rest at FINE. */
    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last > WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warning(() -> message + (cause == null ? "" : ": " + cause) + " (repeats are logged every 10 s)");
        } else {
            LOG.log(Level.FINE, message, cause);
        }
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

    /** The publishing connection, used only by the publisher thread (and closed by close()). */
    private final class Publisher implements AsyncPublisher.Sink {
        private volatile Connection connection;
        private JetStream jetStream;
        private boolean streamReady;
        private volatile boolean closed;

        @Override
        public void send(List<Message> batch) throws Exception {
            Connection c = connection();
            if (settings.jetStream()) {
                sendJetStream(c, batch);
            } else {
                sendCore(c, batch);
            }
        }

        /**
         * Hands the batch to the client and flushes. What the client took is never sent again: it
         * keeps its outgoing queue across a reconnect, so retrying after a failed flush would
         * duplicate; a failed flush only reports the outage (at most once, like core NATS).
         */
        private void sendCore(Connection c, List<Message> batch) throws TimeoutException, InterruptedException {
            long maxPayload = c.getMaxPayload();
            int handed = 0;
            try {
                for (Message m : batch) {
                    byte[] body = envelopes.encode(m);
                    if (!tooLarge(m, body, maxPayload)) {
                        c.publish(settings.subject(m.channel()), body);
                        counters.published(1);
                    }
                    handed++;
                }
            } finally {
                batch.subList(0, handed).clear();
            }
            c.flush(settings.timeout());
        }

        private void sendJetStream(Connection c, List<Message> batch) throws Exception {
            if (!streamReady) {
                stream.ensure(c);
                streamReady = true;
            }
            long maxPayload = c.getMaxPayload();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
            for (var it = batch.iterator(); it.hasNext(); ) {
                Message m = it.next();
                byte[] body = envelopes.encode(m);
                if (tooLarge(m, body, maxPayload)) {
                    it.remove();
                    continue;
                }
                PublishOptions options = PublishOptions.builder()
                        .messageId(m.id())
                        .expectedStream(settings.stream())
                        .build();
                acks.add(jetStream.publishAsync(settings.subject(m.channel()), body, options));
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            Exception failure = null;
            boolean[] stored = new boolean[acks.size()];
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    stored[i] = true;
                } catch (ExecutionException | TimeoutException e) {
                    failure = failure == null ? e : failure;
                }
            }
            int done = 0;
            for (int i = stored.length - 1; i >= 0; i--) {
                if (stored[i]) {
                    batch.remove(i); // a retry sends only the rest
                    done++;
                }
            }
            counters.published(done);
            if (failure != null) {
                streamReady = false; // the stream may be gone: check it before the retry
                throw failure;
            }
        }

        private boolean tooLarge(Message m, byte[] body, long maxPayload) {
            if (maxPayload > 0 && body.length > maxPayload) {
                counters.failed(1);
                warn(
                        "NATS refuses message " + m.id() + " on channel " + m.channel() + ": " + body.length
                                + " bytes exceed the server's max_payload of " + maxPayload,
                        null);
                return true;
            }
            return false;
        }

        @Override
        public void ping() throws Exception {
            Connection c = connection();
            c.flush(settings.timeout());
            if (settings.jetStream() && !streamReady) {
                stream.ensure(c);
                streamReady = true;
            }
        }

        @Override
        public void disconnect() {
            // The client reconnects by itself; a connection that closed for good is replaced by
            // connection() on the next attempt.
        }

        /** The open connection; throws while the client is reconnecting (nothing is buffered). */
        private Connection connection() throws IOException, InterruptedException {
            if (closed) {
                throw new IllegalStateException("the NATS broker is closed");
            }
            Connection c = connection;
            if (c == null || c.getStatus() == Connection.Status.CLOSED) {
                c = connect("publisher", this::event);
                jetStream = c.jetStream(stream.options());
                streamReady = false;
                connection = c;
                if (closed) {
                    closeQuietly(c);
                    throw new IllegalStateException("the NATS broker is closed");
                }
            }
            if (c.getStatus() != Connection.Status.CONNECTED) {
                throw new IOException("NATS connection is " + c.getStatus());
            }
            return c;
        }

        private void event(ConnectionListener.Events event) {
            switch (event) {
                case DISCONNECTED, CLOSED -> reportConnected(false);
                default -> {
                    // reconnection is confirmed by the next send or ping
                }
            }
        }

        void close() {
            closed = true;
            closeQuietly(connection);
        }
    }

    /** Client errors into java.util.logging, rate-limited. */
    private final class LoggingErrors implements ErrorListener {
        private final String role;

        LoggingErrors(String role) {
            this.role = role;
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            warn("NATS " + role + " connection: server error " + error, null);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            warn("NATS " + role + " connection failed", exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            warn("NATS " + role + " connection is a slow consumer: the client dropped messages", null);
        }
    }
}
