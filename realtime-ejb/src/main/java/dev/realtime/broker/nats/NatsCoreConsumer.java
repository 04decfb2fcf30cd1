package dev.realtime.broker.nats;

import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * A core NATS subscription per subject of the consumer's globs, on a connection of its own, into a
 * bounded buffer (a full buffer drops and counts). Nothing is kept for a disconnected consumer: at
 * most once. {@link #commit} has nothing to do; {@link #rewind} puts the batch back in the buffer.
 */
final class NatsCoreConsumer extends NatsConsumerBase {
    private final RateLimitedLog dropWarnings = NatsBroker.warnings();
    private volatile Dispatcher dispatcher;

    NatsCoreConsumer(NatsBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        super(broker, options, counters, threads, "subscriber", BatchBuffer.forBatches(options.batchSize()));
    }

    @Override
    protected void setUp(Connection connection) throws Exception {
        Dispatcher d = connection.createDispatcher(this::receive);
        dispatcher = d;
        for (String subject : subjects) {
            d.subscribe(subject);
        }
        connection.flush(settings.timeout()); // the server has the subscriptions
    }

    @Override
    protected void work(Connection connection) throws InterruptedException {
        await(1000); // the client resubscribes by itself after a reconnect
    }

    @Override
    protected void tearDown(Connection connection, boolean last) {
        Dispatcher d = dispatcher;
        dispatcher = null;
        if (d != null && connection != null) {
            try {
                connection.closeDispatcher(d);
            } catch (RuntimeException e) {
                // the connection is closing anyway
            }
        }
    }

    @Override
    protected MessageBatch batch(List<Held> held) {
        return new MessageBatch(held.stream().map(Held::message).toList(), BrokerPosition.NONE, BrokerPosition.NONE);
    }

    @Override
    public void commit(BrokerPosition end) {
        // core NATS keeps nothing: a delivered batch needs nothing more
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.putBack(batch.messages().stream().map(m -> new Held(m, null, 0)).toList());
    }

    @Override
    public long lag() {
        return -1;
    }

    private void receive(io.nats.client.Message received) {
        Message message = broker.envelopes().decode(received.getData(), () -> "NATS subject " + received.getSubject());
        if (message == null) {
            return; // refused: counted and logged by the codec
        }
        counters.consumed(1);
        if (!buffer.offer(new Held(message, null, 0))) {
            counters.consumerDropped(1);
            dropWarnings.warn(() -> "NATS consumer buffer full: the consumer job is not keeping up; message dropped");
        }
    }
}
