package dev.realtime.broker.nats;

import dev.realtime.broker.Backoff;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What both NATS consumers share: a connection of their own, opened and set up (subscribed) by a
 * thread of the consumer's with back-off until it works, and a buffer that the client's messages
 * wait in until {@link #poll} takes them in batches. Once connected the client reconnects by
 * itself; a set-up that breaks (a deleted stream or consumer) is done again.
 */
abstract class NatsConsumerBase implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(NatsConsumerBase.class.getName());
    private static final Object WAKEUP = new Object();

    /** A received message: decoded, with the NATS message to acknowledge (JetStream) and its sequence. */
    record Held(Message message, io.nats.client.Message source, long sequence) {}

    protected final NatsBroker broker;
    protected final NatsSettings settings;
    protected final BrokerCounters counters;
    protected final int batchSize;
    protected final List<String> subjects;
    protected final LinkedBlockingDeque<Object> buffer = new LinkedBlockingDeque<>();
    private final String role;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile Connection connection;
    private volatile boolean ready;
    protected volatile boolean running = true;

    NatsConsumerBase(
            NatsBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads, String role) {
        this.broker = broker;
        this.settings = broker.settings();
        this.counters = counters;
        this.batchSize = options.batchSize();
        this.subjects = NatsSubjects.subscriptions(settings.prefix(), options.channels());
        this.role = role;
        this.thread = threads.newThread(this::run);
        thread.setName("realtime-nats-" + role);
    }

    /** Starts the consumer's thread; called once the subclass is constructed. */
    final NatsConsumerBase start() {
        thread.start();
        return this;
    }

    /** Subscribes on a connection that is up; throws if that fails (tried again with back-off). */
    protected abstract void setUp(Connection connection) throws Exception;

    /** One round of the consumer thread while set up: receive, or wait (about a second at most). */
    protected abstract void work(Connection connection) throws Exception;

    /** Undoes {@link #setUp} (the connection may be down); {@code last}: the consumer is closing. */
    protected abstract void tearDown(Connection connection, boolean last);

    /** The batch {@link #poll} returns for these messages (and what it remembers of them). */
    protected abstract MessageBatch batch(List<Held> held);

    @Override
    public MessageBatch poll(Duration timeout) {
        List<Held> batch = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            Object first = buffer.pollFirst(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || first == WAKEUP) {
                return MessageBatch.EMPTY;
            }
            batch.add((Held) first);
            while (batch.size() < batchSize) {
                Object next = buffer.pollFirst();
                if (next == null) {
                    break;
                }
                if (next != WAKEUP) {
                    batch.add((Held) next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signal(); // room in the buffer
        return batch.isEmpty() ? MessageBatch.EMPTY : batch(batch);
    }

    /** Puts messages back at the front of the buffer, in order. */
    protected void putBack(List<Held> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            buffer.offerFirst(held.get(i));
        }
    }

    /** Whether the consumer's connection is up and it is subscribed. */
    @Override
    public boolean isConnected() {
        Connection c = connection;
        return ready && c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void wakeup() {
        buffer.offerFirst(WAKEUP);
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        broker.closed(this);
        signal();
        wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code millis} or until {@link #signal}; false once the consumer is closing. */
    protected boolean await(long millis) throws InterruptedException {
        synchronized (signal) {
            if (running) {
                signal.wait(Math.max(1, millis));
            }
        }
        return running;
    }

    protected void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        boolean failing = false;
        try {
            while (running) {
                Connection c = connection;
                try {
                    if (c == null || c.getStatus() == Connection.Status.CLOSED) {
                        ready = false;
                        c = broker.connect(role, this::event);
                        connection = c;
                        if (!running) {
                            break;
                        }
                    }
                    if (c.getStatus() != Connection.Status.CONNECTED) {
                        await(200); // the client is reconnecting
                        continue;
                    }
                    if (!ready) {
                        setUp(c);
                        ready = true;
                        backoff.reset();
                        if (failing) {
                            LOG.info(() -> "NATS " + role + " subscribed again to " + subjects);
                        }
                        failing = false;
                    }
                    work(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception | LinkageError e) {
                    if (!running) {
                        break;
                    }
                    ready = false;
                    tearDown(c, false);
                    broker.warn("NATS " + role + " cannot subscribe to " + subjects + "; retrying with back-off", e);
                    failing = true;
                    if (!await(backoff.nextMillis())) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ready = false;
            tearDown(connection, true);
            NatsBroker.closeQuietly(connection);
        }
    }

    private void event(ConnectionListener.Events event) {
        LOG.log(Level.FINE, () -> "NATS " + role + " connection " + event);
        signal();
    }
}
