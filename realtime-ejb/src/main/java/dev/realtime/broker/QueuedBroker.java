package dev.realtime.broker;

import dev.realtime.message.Message;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The part every networked broker shares: the non-blocking publish hand-off ({@link AsyncPublisher}),
 * the counters, and the open consumers, which count towards {@link #isConnected()}. A subclass
 * supplies the sink (its publishing connection) and its consumers.
 *
 * <p>A consume-only broker ({@code publishes == false}, what the standalone consumer uses) starts
 * no publisher: it opens no publishing connection, and {@link #publish} refuses.
 */
public abstract class QueuedBroker implements Broker {
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    protected final BrokerCounters counters = new BrokerCounters();
    protected final ThreadFactory threads;
    /** Signs what this broker publishes and checks what its consumers receive. */
    protected final EnvelopeCodec envelopes;

    private final String name;
    private final boolean publishes;
    private final Set<BrokerConsumer> consumers = ConcurrentHashMap.newKeySet();
    private AsyncPublisher publisher;

    /**
     * @param threads makes the broker's long-lived threads (the container's in a server)
     * @param envelopes the cluster's envelope codec ({@link EnvelopeCodec#from}); its key decides
     *     which nodes' signatures verify
     */
    protected QueuedBroker(String name, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(name, threads, envelopes, true);
    }

    /** @param publishes false for a consume-only broker, which never starts its publisher */
    protected QueuedBroker(String name, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        this.name = name;
        this.publishes = publishes;
        this.threads = threads;
        this.envelopes = envelopes;
    }

    /** The codec this broker writes envelopes with and its consumers read them with. */
    public final EnvelopeCodec envelopes() {
        return envelopes;
    }

    /** Whether this broker publishes; false for a consume-only one. */
    protected final boolean publishes() {
        return publishes;
    }

    /**
     * Starts the sender thread; call it last in the subclass constructor, once the sink can work. A
     * consume-only broker starts nothing.
     */
    protected final void startPublishing(AsyncPublisher.Sink sink, int queueCapacity, int maxBatch) {
        if (!publishes) {
            return;
        }
        publisher = new AsyncPublisher(name, sink, queueCapacity, maxBatch, PING_INTERVAL, counters, threads);
    }

    /** For sinks that learn a send's outcome later (asynchronous clients). */
    protected final void reportConnected(boolean up) {
        if (publisher != null) {
            publisher.reportConnected(up);
        }
    }

    @Override
    public final String name() {
        return name;
    }

    /** @throws IllegalStateException on a consume-only broker */
    @Override
    public final void publish(Message message) {
        requirePublishing();
        if (!publishOnCallerThread(message)) {
            publisher.offer(message);
        }
    }

    /** Hands {@code message} to the sender thread, as {@link #publish} does by default. */
    protected final void enqueue(Message message) {
        requirePublishing();
        publisher.offer(message);
    }

    private void requirePublishing() {
        if (!publishes) {
            throw new IllegalStateException("The " + name + " broker is consume-only: it does not publish");
        }
    }

    /**
     * A broker that must publish on the caller's thread in some cases (inside the caller's
     * transaction, for example) does it here and returns true; false hands the message to the
     * queue as usual. It must not throw because the broker is down (count the failure instead).
     */
    protected boolean publishOnCallerThread(Message message) {
        return false;
    }

    @Override
    public boolean isConnected() {
        if (publisher != null && !publisher.isConnected()) {
            return false;
        }
        for (BrokerConsumer consumer : consumers) {
            if (!consumer.isConnected()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public BrokerStats stats() {
        long lag = -1;
        for (BrokerConsumer consumer : consumers) {
            long l = consumer.lag();
            if (l >= 0) {
                lag = Math.max(lag, 0) + l;
            }
        }
        BrokerStats s = counters.snapshot(name, isConnected(), publisher == null ? 0 : publisher.pending(), lag);
        return new BrokerStats(
                s.broker(),
                s.connected(),
                s.published(),
                s.consumed(),
                s.failed() + envelopes.malformed(),
                s.dropped(),
                s.pending(),
                s.lag(),
                envelopes.refused(),
                envelopes.unsigned(),
                s.consumerDropped());
    }

    /** Counts {@code consumer} towards the broker's state until {@link #forget} or close. */
    protected final <C extends BrokerConsumer> C track(C consumer) {
        consumers.add(consumer);
        return consumer;
    }

    /** A consumer that closed. */
    protected final void forget(BrokerConsumer consumer) {
        consumers.remove(consumer);
    }

    /** The open consumers (a live view). */
    protected final Set<BrokerConsumer> consumers() {
        return consumers;
    }

    /** Sends what is queued (two seconds at most), then {@link #closeClients()}; idempotent. */
    @Override
    public final void close() {
        close(Duration.ofSeconds(2));
    }

    /** Sends what is queued for up to {@code drain}, then {@link #closeClients()}; idempotent. */
    @Override
    public final void close(Duration drain) {
        if (publisher != null) {
            publisher.close(drain);
        }
        closeClients();
    }

    /** Releases the broker's own connections and wakes or closes its consumers. */
    protected abstract void closeClients();
}
