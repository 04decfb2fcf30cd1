package dev.realtime.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.message.Message;
import java.io.IOException;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The publishing side of {@link RabbitBroker}: a connection of its own under publisher confirms,
 * used only by the broker's publisher thread (and closed by the broker's close). A batch is
 * published, then confirmed as a whole; what is not confirmed in time is published again.
 */
final class RabbitPublisher implements AsyncPublisher.Sink {
    private static final Logger LOG = Logger.getLogger(RabbitPublisher.class.getName());

    private final RabbitBroker broker;
    private final BrokerCounters counters;
    private volatile Connection connection;
    private Channel channel;
    private Confirms confirms;

    RabbitPublisher(RabbitBroker broker, BrokerCounters counters) {
        this.broker = broker;
        this.counters = counters;
    }

    @Override
    public void send(List<Message> batch) throws Exception {
        Channel ch = channel();
        Confirms pending = confirms;
        long[] seqs = new long[batch.size()];
        java.util.Arrays.fill(seqs, -1);
        try {
            AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                    .contentType("application/json")
                    .deliveryMode(broker.settings().durable() ? 2 : 1);
            for (int i = 0; i < seqs.length; i++) {
                Message m = batch.get(i);
                long seq = ch.getNextPublishSeqNo();
                pending.unconfirmed.add(seq);
                seqs[i] = seq;
                ch.basicPublish(
                        broker.settings().exchange(),
                        broker.settings().routing().routingKey(m.channel()),
                        false,
                        props.messageId(m.id()).appId(m.originNodeId()).build(),
                        broker.envelopes().encode(m));
            }
            if (ch.waitForConfirms(broker.settings().confirmTimeout().toMillis())) {
                counters.published(batch.size());
                return;
            }
        } catch (TimeoutException e) {
            keepUnconfirmed(batch, seqs, pending);
            throw new IOException(
                    "RabbitMQ did not confirm the messages within "
                            + broker.settings().confirmTimeout(),
                    e);
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
        broker.declareExchange(channel()); // a round trip; recreates the exchange should it have been deleted
    }

    @Override
    public void disconnect() {
        Connection current = connection;
        connection = null;
        channel = null;
        confirms = null;
        RabbitBroker.closeQuietly(current);
    }

    void closeConnection() {
        Connection current = connection;
        if (current != null) {
            RabbitBroker.closeQuietly(current);
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        Connection opened = broker.connect("publisher");
        try {
            Channel ch = opened.createChannel();
            ch.confirmSelect();
            Confirms listener = new Confirms();
            ch.addConfirmListener(listener);
            broker.declareExchange(ch);
            opened.addShutdownListener(cause -> lost(opened, cause));
            connection = opened;
            channel = ch;
            confirms = listener;
            return ch;
        } catch (IOException | RuntimeException e) {
            RabbitBroker.closeQuietly(opened);
            throw e;
        }
    }

    /** The server or the network closed the connection: say so now, not at the next send. */
    private void lost(Connection lost, ShutdownSignalException cause) {
        if (lost == connection && !cause.isInitiatedByApplication()) {
            broker.publisherLost();
            LOG.warning(() -> "RabbitMQ publishing connection lost (" + cause.getMessage()
                    + "); reconnecting at the next send or ping");
        }
    }

    /** The sequence numbers of one channel that are not confirmed yet, or were refused. */
    static final class Confirms implements ConfirmListener {
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
