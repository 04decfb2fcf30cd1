package dev.realtime.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.message.Message;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
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
    private final Publisher publisher;

    /**
     * @param threads makes the publisher and consumer threads and the client's connection threads
     *     (the container's in a server)
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public RabbitBroker(RabbitSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        super(NAME, threads, envelopes);
        this.settings = settings;
        this.factory = factory(settings, threads);
        this.publisher = new Publisher();
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

    /** The publishing connection, used only by the publisher thread (and closed by close()). */
    private final class Publisher implements AsyncPublisher.Sink {
        private volatile Connection connection;
        private Channel channel;
        private Confirms confirms;

        @Override
        public void send(List<Message> batch) throws Exception {
            Channel ch = channel();
            Confirms pending = confirms;
            long[] seqs = new long[batch.size()];
            java.util.Arrays.fill(seqs, -1);
            try {
                AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(settings.durable() ? 2 : 1);
                for (int i = 0; i < seqs.length; i++) {
                    Message m = batch.get(i);
                    long seq = ch.getNextPublishSeqNo();
                    pending.unconfirmed.add(seq);
                    seqs[i] = seq;
                    ch.basicPublish(
                            settings.exchange(),
                            settings.routing().routingKey(m.channel()),
                            false,
                            props.messageId(m.id()).appId(m.originNodeId()).build(),
                            envelopes.encode(m));
                }
                if (ch.waitForConfirms(settings.confirmTimeout().toMillis())) {
                    counters.published(batch.size());
                    return;
                }
            } catch (TimeoutException e) {
                keepUnconfirmed(batch, seqs, pending);
                throw new IOException("RabbitMQ did not confirm the messages within " + settings.confirmTimeout(), e);
            } catch (Exception e) {
                keepUnconfirmed(batch, seqs, pending);
                throw e;
            }
            // Some were refused (nack): final for those (the queues that took them keep them, a
            // retry would duplicate there); only what is still unconfirmed is sent again.
            int refused = keepUnconfirmed(batch, seqs, pending);
            LOG.warning(() -> "RabbitMQ refused (nack) " + refused + " messages; counted as failed, not sent again");
            if (!batch.isEmpty()) {
                throw new IOException("RabbitMQ left " + batch.size() + " messages unconfirmed");
            }
        }

        /**
         * Removes what the server confirmed (published) or refused (failed, never sent again) from
         * {@code batch}: a retry sends only the rest.
         */
        private int keepUnconfirmed(List<Message> batch, long[] seqs, Confirms pending) {
            int confirmed = 0;
            int refused = 0;
            for (int i = seqs.length - 1; i >= 0; i--) {
                long seq = seqs[i];
                if (seq < 0 || pending.unconfirmed.contains(seq)) {
                    continue;
                }
                batch.remove(i);
                if (pending.nacked.remove(seq)) {
                    refused++;
                } else {
                    confirmed++;
                }
            }
            counters.published(confirmed);
            counters.failed(refused);
            return refused;
        }

        @Override
        public void ping() throws IOException, TimeoutException {
            declareExchange(channel()); // a round trip; recreates the exchange should it have been deleted
        }

        @Override
        public void disconnect() {
            Connection current = connection;
            connection = null;
            channel = null;
            confirms = null;
            closeQuietly(current);
        }

        void closeConnection() {
            Connection current = connection;
            if (current != null) {
                closeQuietly(current);
            }
        }

        private Channel channel() throws IOException, TimeoutException {
            if (channel != null && channel.isOpen()) {
                return channel;
            }
            disconnect();
            Connection opened = connect("publisher");
            try {
                Channel ch = opened.createChannel();
                ch.confirmSelect();
                Confirms listener = new Confirms();
                ch.addConfirmListener(listener);
                declareExchange(ch);
                opened.addShutdownListener(cause -> lost(opened, cause));
                connection = opened;
                channel = ch;
                confirms = listener;
                return ch;
            } catch (IOException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
        }

        /** The server or the network closed the connection: say so now, not at the next send. */
        private void lost(Connection lost, ShutdownSignalException cause) {
            if (lost == connection && !cause.isInitiatedByApplication()) {
                reportConnected(false);
                LOG.warning(() -> "RabbitMQ publishing connection lost (" + cause.getMessage()
                        + "); reconnecting at the next send or ping");
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

    /** The sequence numbers of one channel that are not confirmed yet, or were refused. */
    private static final class Confirms implements ConfirmListener {
        final NavigableSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
        final NavigableSet<Long> nacked = new ConcurrentSkipListSet<>();

        @Override
        public void handleAck(long seq, boolean multiple) {
            settle(seq, multiple, false);
        }

        @Override
        public void handleNack(long seq, boolean multiple) {
            settle(seq, multiple, true);
        }

        private void settle(long seq, boolean multiple, boolean nack) {
            NavigableSet<Long> settled =
                    multiple ? unconfirmed.headSet(seq, true) : unconfirmed.subSet(seq, true, seq, true);
            if (nack) {
                nacked.addAll(settled);
            }
            settled.clear();
        }
    }
}
