package dev.realtime.broker.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * RabbitMQ: every node publishes to one durable topic exchange with the channel name as routing key
 * ({@link RoutingKeys}); each node's consumer reads its own queue, bound with patterns derived from
 * its channel globs. Publishing uses publisher confirms on a connection of its own, owned by the
 * publisher thread: a batch is published, then confirmed as a whole; what is not confirmed in
 * time is published again, so a retry after a lost confirm can deliver a message twice.
 *
 * <p>Guarantee, by {@code realtime.rabbitmq.queue-mode}: {@code exclusive} (default) gives each
 * consumer a server-named queue that lives as long as its connection, at most once like Redis
 * (what is published while a node's consumer is disconnected is not kept for it); {@code durable}
 * gives each node the durable queue {@code <prefix>.<nodeId>}, published messages are persistent,
 * and a consumer acknowledges a batch only on {@link BrokerConsumer#commit}: at least once, and a
 * node that was down gets what it missed.
 *
 * <p>Connections are not recovered by the client library: the publisher reconnects through the
 * publish hand-off's retry, each consumer through its own loop, both with the shared back-off. So
 * a new connection always means a new channel with new delivery tags, and nothing acknowledges a
 * tag of a channel that is gone. The client's optional Netty I/O is not used (blocking sockets).
 */
public final class RabbitBroker extends QueuedBroker {
    public static final String NAME = "rabbitmq";
    private static final Logger LOG = Logger.getLogger(RabbitBroker.class.getName());

    private final RabbitSettings settings;
    private final ConnectionFactory factory;
    private final RabbitPublisher publisher;

    /**
     * @param threads makes the publisher and consumer threads and the client's connection threads
     *     (the container's in a server)
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public RabbitBroker(RabbitSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(settings, threads, envelopes, true);
    }

    /** Like the three-argument constructor; {@code publishes == false} makes a consume-only broker. */
    public RabbitBroker(RabbitSettings settings, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        super(NAME, threads, envelopes, publishes);
        this.settings = settings;
        this.factory = factory(settings, threads);
        this.publisher = new RabbitPublisher(this, counters);
        startPublishing(publisher, settings.publishQueue(), settings.publishBatch());
        LOG.info(() -> "RabbitMQ broker: exchange " + settings.exchange() + ", "
                + (settings.durable() ? "durable queue " + settings.queueName() : "exclusive queues") + " on "
                + settings.uri().getHost());
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        return track(new RabbitConsumer(this, options, counters, threads));
    }

    @Override
    protected void closeClients() {
        consumers().forEach(BrokerConsumer::close);
        publisher.closeConnection(); // whatever a publisher thread that had to be interrupted left open
    }

    RabbitSettings settings() {
        return settings;
    }

    /** The publishing connection was lost: the broker is down until the next send or ping works. */
    void publisherLost() {
        reportConnected(false);
    }

    /** A new connection, named {@code realtime <nodeId> <role>} on the server. */
    Connection connect(String role) throws IOException, TimeoutException {
        try {
            return factory.newConnection(settings.connectionName(role));
        } catch (IOException e) {
            // The client's IOException often says nothing; the server's reason is in its cause
            throw new IOException(
                    "RabbitMQ at " + settings.uri().getHost() + ":" + factory.getPort() + ": " + describe(e), e);
        }
    }

    /** The most telling message of a client exception: the server's reply where there is one. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s.getMessage();
            }
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause);
    }

    /** Declares the exchange (durable topic); harmless when it exists with the same type. */
    void declareExchange(Channel channel) throws IOException {
        channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
    }

    static ConnectionFactory factory(RabbitSettings settings, ThreadFactory threads) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(settings.uri());
            if ("amqps".equals(settings.uri().getScheme())) {
                // setUri trusts every certificate for amqps: verify against the JVM's trust store instead
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot use RabbitMQ URI " + settings.uri().getHost() + ": " + e, e);
        }
        factory.setConnectionTimeout((int) settings.connectTimeout().toMillis());
        factory.setHandshakeTimeout((int) settings.connectTimeout().toMillis());
        factory.setRequestedHeartbeat(settings.heartbeatSeconds());
        factory.setAutomaticRecoveryEnabled(false); // reconnecting is ours (see the class comment)
        factory.setTopologyRecoveryEnabled(false);
        factory.setThreadFactory(threads);
        factory.setExceptionHandler(new QuietDriverErrors());
        return factory;
    }

    static void closeQuietly(Connection connection) {
        if (connection != null && connection.isOpen()) {
            try {
                // Waits for the server's close-ok at most 2 s, then closes the socket. (abort() would close
                // it under the reading thread at once, which the client logs as a driver error.)
                connection.close(2000);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "RabbitMQ connection did not close cleanly", e);
            }
        }
    }

    /**
     * The client logs every broken socket as a warning, once per connection attempt during an
     * outage; the broker already logs outages (once, then at most every few seconds), so these go
     * to FINE. Everything else keeps the client's default handling.
     */
    private static final class QuietDriverErrors extends DefaultExceptionHandler {
        @Override
        public void handleUnexpectedConnectionDriverException(Connection connection, Throwable e) {
            LOG.log(Level.FINE, "RabbitMQ connection driver error", e);
        }
    }
}
