package dev.realtime.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BufferedConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.broker.rabbitmq.RabbitInFlight.Delivery;
import dev.realtime.message.Message;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer: a connection of its own, {@code basic.qos} = the prefetch, manual acknowledgements.
 * Deliveries wait in the buffer (bounded by the prefetch: the server sends no more unacknowledged
 * ones) until {@link #poll} takes them in batches; {@link #commit} acknowledges everything up to a
 * batch's last delivery ({@code multiple}); {@link #rewind} puts the batch back in front of the
 * buffer, in order. Each session of the consumer's thread opens a connection, declares the
 * exchange, the queue and its bindings, and consumes until the connection or the subscription ends.
 *
 * <p>Delivery tags belong to one channel. Each connection is an <em>epoch</em>; a delivery carries
 * its epoch, and only tags of the live one are ever acknowledged (acknowledging another channel's
 * tag would close the channel or, worse, acknowledge someone else's delivery). In durable mode a
 * delivery of an ended epoch is dropped instead of polled: the server has put it back in the queue
 * and sends it again. In exclusive mode the queue ended with the connection, so what was received
 * is still polled.
 *
 * <p>A batch's positions are {@code {epoch, tag}} of its first and last delivery; they mean nothing
 * to another consumer, so {@link #seek} is ignored (the queue itself keeps what was not acknowledged).
 */
final class RabbitConsumer extends BufferedConsumer<RabbitInFlight.Delivery> {
    private static final Logger LOG = Logger.getLogger(RabbitConsumer.class.getName());
    private static final long LAG_REFRESH_MILLIS = 2000;
    /** Epochs are unique in this JVM; starting from the clock keeps a restarted job's old ones apart. */
    private static final AtomicLong EPOCHS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final RabbitBroker broker;
    private final RabbitSettings settings;
    private final BrokerCounters counters;
    private final List<String> bindings;
    /** Polled and not yet committed; the polling thread's only. */
    private final RabbitInFlight inFlight = new RabbitInFlight();

    private final AtomicLong liveEpoch = new AtomicLong();
    private volatile Session session;
    private volatile long lag = -1;

    RabbitConsumer(RabbitBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        super(
                broker,
                "RabbitMQ consumer of node " + broker.settings().nodeId(),
                threads,
                "realtime-rabbitmq-consumer",
                // bounded by the prefetch: the server sends no more unacknowledged deliveries
                new BatchBuffer<>(options.batchSize(), Integer.MAX_VALUE));
        this.broker = broker;
        this.settings = broker.settings();
        this.counters = counters;
        this.bindings = settings.routing().bindings(options.channels());
        start();
    }

    @Override
    protected MessageBatch batch(List<Delivery> taken) {
        return inFlight.add(taken);
    }

    /** Durable mode: a delivery of an ended connection comes again; polling it now would duplicate it. */
    @Override
    protected boolean usable(Delivery d) {
        if (!settings.durable() || d.epoch() == liveEpoch.get()) {
            return true;
        }
        LOG.finest(() -> "RabbitMQ delivery " + d.tag() + " of ended connection " + d.epoch() + " dropped");
        return false;
    }

    @Override
    public void commit(BrokerPosition end) {
        long live = liveEpoch.get();
        long ackTag = inFlight.takeUpTo(end, live);
        Session current = session;
        if (ackTag > 0 && current != null && current.epoch == live) {
            try {
                current.channel.basicAck(ackTag, true);
            } catch (IOException | RuntimeException e) {
                // The channel is gone: the server sends these deliveries again (durable mode)
                LOG.log(Level.FINE, "RabbitMQ acknowledgement failed; the batch will be delivered again", e);
            }
        }
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.putBack(inFlight.takeFrom(batch.start()));
    }

    @Override
    public boolean isConnected() {
        Session current = session;
        return current != null && current.consuming && current.channel.isOpen();
    }

    /** Ready messages in the queue (refreshed every few seconds) plus those received and not polled. */
    @Override
    public long lag() {
        long ready = lag;
        return ready < 0 ? -1 : ready + buffer.size();
    }

    @Override
    protected long closeWaitMillis() {
        return settings.connectTimeout().toMillis() + 3000;
    }

    @Override
    protected String session() throws IOException, TimeoutException, InterruptedException {
        Session current = open();
        try {
            if (!running()) {
                return "closed";
            }
            subscribed();
            return current.awaitEnd();
        } finally {
            current.close();
        }
    }

    /** Closes the connection: what was not acknowledged goes back to the queue (durable mode). */
    @Override
    protected void endSession() {
        Session current = session;
        if (current != null) {
            current.close();
        }
        lag = -1;
    }

    @Override
    protected void stopped() {
        lag = -1;
    }

    /** Connects, declares, binds and consumes; the new epoch is live before the first delivery. */
    private Session open() throws IOException, TimeoutException {
        Connection connection = broker.connect("consumer");
        Session opened = null;
        try {
            Channel channel = connection.createChannel();
            channel.basicQos(settings.prefetch());
            broker.declareExchange(channel);
            String queue = settings.durable()
                    ? channel.queueDeclare(settings.queueName(), true, false, false, null)
                            .getQueue()
                    : channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
            for (String pattern : bindings) {
                channel.queueBind(queue, settings.exchange(), pattern);
            }
            opened = new Session(connection, channel, queue, EPOCHS.incrementAndGet());
            liveEpoch.set(opened.epoch);
            session = opened;
            // Durable mode: an exclusive consumer, so a node's queue is never split between two
            channel.basicConsume(queue, false, "", false, settings.durable(), null, opened);
            opened.consuming = true;
            lag = channel.messageCount(queue);
            LOG.fine(() ->
                    "RabbitMQ consumer of node " + settings.nodeId() + " consumes " + queue + " bound to " + bindings);
            return opened;
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            } else {
                RabbitBroker.closeQuietly(connection);
            }
            throw e;
        }
    }

    /** One connection's subscription: an epoch. */
    private final class Session extends DefaultConsumer {
        final Connection connection;
        final Channel channel;
        final String queue;
        final long epoch;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean consuming;
        volatile String endReason = "closed";

        Session(Connection connection, Channel channel, String queue, long epoch) {
            super(channel);
            this.connection = connection;
            this.channel = channel;
            this.queue = queue;
            this.epoch = epoch;
        }

        @Override
        public void handleDelivery(
                String consumerTag, com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            Message message = broker.envelopes()
                    .decode(body, () -> "RabbitMQ queue " + queue + " (routing key " + envelope.getRoutingKey() + ")");
            if (message == null) { // refused: counted and logged by the codec
                reject(envelope.getDeliveryTag());
                return;
            }
            counters.consumed(1); // on receipt, like every consumer
            buffer.offer(new Delivery(message, epoch, envelope.getDeliveryTag()));
        }

        /** Rejected without requeueing: dead-lettered where the queue has a dead-letter exchange. */
        private void reject(long tag) {
            try {
                channel.basicReject(tag, false);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "RabbitMQ reject failed", e);
            }
        }

        @Override
        public void handleCancel(String consumerTag) {
            end("the server cancelled the consumer: queue " + queue + " deleted?");
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
            end(RabbitBroker.describe(sig));
        }

        private void end(String reason) {
            endReason = reason;
            consuming = false;
            liveEpoch.compareAndSet(epoch, 0);
            ended.countDown();
        }

        /** Waits until the subscription ends or the consumer closes, refreshing the lag meanwhile. */
        String awaitEnd() throws InterruptedException {
            while (running() && !ended.await(LAG_REFRESH_MILLIS, TimeUnit.MILLISECONDS)) {
                try {
                    lag = channel.messageCount(queue);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "RabbitMQ queue length unavailable", e);
                }
            }
            return endReason;
        }

        void close() {
            end("closed");
            if (session == this) {
                session = null;
            }
            RabbitBroker.closeQuietly(connection);
        }
    }
}
