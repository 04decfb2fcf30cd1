package dev.realtime.broker.nats;

import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's JetStream consumer: the durable pull consumer {@code <durable-prefix>-<node id>} on
 * the stream (both created if missing), explicit acknowledgement, new messages only when it is
 * first created. Its thread fetches while fewer than two batches are held, into the buffer.
 *
 * <p>{@link #commit} acknowledges the batch (the last one synchronously, so a batch is committed
 * when commit returns); {@link #rewind} puts it back in the buffer; {@link #close} gives back (NAK)
 * whatever was fetched and not committed, so the node's next consumer gets it at once. A message
 * held longer than a third of the ack wait (a slow job) is marked in progress, so the server does
 * not deliver it again meanwhile; one delivered again anyway is recognised by its stream sequence.
 *
 * <p>One filter subject (servers before 2.10 allow only one): the glob's subject when the globs
 * reduce to one, otherwise {@code <prefix>.>}. A durable whose filter changed is deleted and made
 * again, starting with new messages.
 */
final class NatsJetStreamConsumer extends NatsConsumerBase {
    private static final Logger LOG = Logger.getLogger(NatsJetStreamConsumer.class.getName());
    private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
    private static final long INFO_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String filter;
    private final int maxHeld;
    /** Fetched and not yet committed or given back, by stream sequence (buffered or polled). */
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    private final RateLimitedLog ackWarnings = NatsBroker.warnings();
    /** Polled batches not yet committed or rewound (the consumer job's thread only). */
    private final List<Polled> polled = new ArrayList<>();

    private volatile JetStreamSubscription subscription;
    private volatile long lag = -1;
    private long lastInfo;
    private long lastKeepAlive = System.nanoTime();

    private record Polled(MessageBatch batch, List<Held> held) {}

    NatsJetStreamConsumer(NatsBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        super(
                broker,
                options,
                counters,
                threads,
                "jetstream-" + broker.settings().durable(),
                new BatchBuffer<>(options.batchSize(), Integer.MAX_VALUE)); // bounded by maxHeld
        List<String> subjects = NatsSubjects.subscriptions(broker.settings().prefix(), options.channels());
        this.filter = subjects.size() == 1 ? subjects.get(0) : broker.settings().allSubjects();
        this.maxHeld = 2 * options.batchSize();
    }

    @Override
    protected void setUp(Connection connection) throws Exception {
        broker.stream().ensure(connection);
        ensureConsumer(connection.jetStreamManagement(broker.stream().options()));
        subscription = connection
                .jetStream(broker.stream().options())
                .subscribe(filter, PullSubscribeOptions.bind(settings.stream(), settings.durable()));
        lastInfo = 0;
    }

    private void ensureConsumer(JetStreamManagement jsm) throws Exception {
        ConsumerConfiguration wanted = ConsumerConfiguration.builder()
                .durable(settings.durable())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.ackWait())
                .deliverPolicy(DeliverPolicy.New)
                .filterSubject(filter)
                .maxAckPending(Math.max(1000, 4L * batchSize))
                .build();
        ConsumerInfo existing;
        try {
            existing = jsm.getConsumerInfo(settings.stream(), settings.durable());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NatsBroker.CONSUMER_NOT_FOUND) {
                throw e;
            }
            jsm.addOrUpdateConsumer(settings.stream(), wanted);
            LOG.info(() ->
                    "Created JetStream consumer " + settings.durable() + " on " + settings.stream() + " for " + filter);
            return;
        }
        ConsumerConfiguration has = existing.getConsumerConfiguration();
        if (!filter.equals(has.getFilterSubject()) || has.getAckPolicy() != AckPolicy.Explicit) {
            LOG.warning(() -> "JetStream consumer " + settings.durable() + " filtered " + has.getFilterSubject()
                    + "; made again for " + filter + " (it starts with new messages)");
            jsm.deleteConsumer(settings.stream(), settings.durable());
            jsm.addOrUpdateConsumer(settings.stream(), wanted);
        } else if (!settings.ackWait().equals(has.getAckWait())) {
            try {
                jsm.addOrUpdateConsumer(settings.stream(), wanted);
            } catch (JetStreamApiException e) {
                LOG.warning(() -> "JetStream consumer " + settings.durable() + " keeps its ack wait " + has.getAckWait()
                        + ": " + e.getMessage());
            }
        }
    }

    @Override
    protected void work(Connection connection) throws Exception {
        keepAlive();
        refreshInfo();
        int room = maxHeld - held.size();
        JetStreamSubscription sub = subscription;
        if (room <= 0 || sub == null) {
            await(200); // the job has enough to do; poll and commit signal
            return;
        }
        Iterator<io.nats.client.Message> fetched = sub.iterate(Math.min(room, batchSize), FETCH_WAIT);
        // Read the pull to its end (a second at most) even when closing: whatever the server
        // delivered for it is then held here, and close() gives it back at once.
        while (fetched.hasNext()) {
            accept(fetched.next());
        }
    }

    private void accept(io.nats.client.Message received) {
        if (!received.isJetStream()) {
            return;
        }
        long sequence = received.metaData().streamSequence();
        if (held.containsKey(sequence)) {
            return; // delivered again while still held here (ack wait passed): the held one counts
        }
        Message message = broker.envelopes()
                .decode(
                        received.getData(),
                        () -> "NATS stream " + settings.stream() + " #" + sequence + " (" + received.getSubject()
                                + ")");
        if (message == null) { // refused: counted and logged by the codec
            received.term(); // never delivered again
            return;
        }
        counters.consumed(1);
        Held h = new Held(message, received, sequence);
        held.put(sequence, h);
        buffer.offer(h);
    }

    /** Tells the server that held messages are being worked on, every third of the ack wait. */
    private void keepAlive() {
        long now = System.nanoTime();
        if (now - lastKeepAlive < settings.ackWait().toNanos() / 3) {
            return;
        }
        lastKeepAlive = now;
        for (Held h : held.values()) {
            h.source().inProgress();
        }
    }

    /** Lag (pending in the stream plus fetched, not yet polled) and a check that the consumer exists. */
    private void refreshInfo() throws Exception {
        long now = System.nanoTime();
        if (now - lastInfo < INFO_EVERY_NANOS) {
            return;
        }
        lastInfo = now;
        JetStreamSubscription sub = subscription;
        if (sub == null) {
            return;
        }
        ConsumerInfo info = sub.getConsumerInfo(); // throws if the consumer or stream is gone
        lag = info.getNumPending() + buffer.size();
    }

    @Override
    protected MessageBatch batch(List<Held> batch) {
        long first = batch.get(0).sequence();
        long last = batch.get(batch.size() - 1).sequence();
        MessageBatch result = new MessageBatch(
                batch.stream().map(Held::message).toList(),
                new BrokerPosition(Map.of(settings.stream(), first)),
                new BrokerPosition(Map.of(settings.stream(), last + 1)));
        polled.add(new Polled(result, batch));
        return result;
    }

    @Override
    public void commit(BrokerPosition end) {
        List<Held> acks = takeUpTo(end);
        if (acks.isEmpty()) {
            return;
        }
        try {
            for (int i = 0; i < acks.size() - 1; i++) {
                acks.get(i).source().ack();
            }
            acks.get(acks.size() - 1).source().ackSync(settings.timeout());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Not acknowledged: the server delivers the batch again after the ack wait (at least once)
            int count = acks.size();
            ackWarnings.warn(
                    () -> "NATS could not acknowledge a batch of " + count + " messages; they will come again: " + e,
                    e);
        } finally {
            acks.forEach(h -> held.remove(h.sequence()));
            signal();
        }
    }

    @Override
    public void rewind(MessageBatch batch) {
        Polled p = take(batch);
        if (p != null) {
            buffer.putBack(p.held());
        }
    }

    /** The messages of every polled batch up to the one that ends at {@code end}. */
    private List<Held> takeUpTo(BrokerPosition end) {
        for (int i = 0; i < polled.size(); i++) {
            if (polled.get(i).batch().end().equals(end)) {
                List<Held> taken = new ArrayList<>();
                for (int j = 0; j <= i; j++) {
                    taken.addAll(polled.remove(0).held());
                }
                return taken;
            }
        }
        return List.of();
    }

    private Polled take(MessageBatch batch) {
        for (int i = 0; i < polled.size(); i++) {
            if (polled.get(i).batch() == batch) {
                return polled.remove(i);
            }
        }
        return null;
    }

    @Override
    public long lag() {
        return running() ? lag : -1;
    }

    @Override
    protected void tearDown(Connection connection, boolean last) {
        JetStreamSubscription sub = subscription;
        subscription = null;
        if (last) {
            giveBack();
        }
        if (sub != null) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "NATS unsubscribe failed", e);
            }
        }
    }

    /** NAKs every message fetched and not committed: the node's next consumer gets them at once. */
    private void giveBack() {
        for (Held h : held.values()) {
            try {
                h.source().nak();
            } catch (RuntimeException e) {
                break; // the connection is gone: the server delivers them again after the ack wait
            }
        }
        held.clear();
        buffer.clear();
        lag = -1;
    }
}
