package dev.realtime.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer every pushing broker shares (Redis, PostgreSQL, RabbitMQ, NATS): a thread of its own
 * runs {@link #session()} (connect, subscribe, receive into the {@link BatchBuffer}) again and again
 * with exponential back-off until {@link #close}; {@link #poll} takes the buffer in batches on the
 * caller's thread. Kafka's client buffers and reconnects by itself, so its consumer polls it
 * directly instead.
 *
 * <p>Threading: {@link #session()} and {@link #stopped()} run on the consumer's thread; {@link #poll},
 * {@link #batch}, {@code commit} and {@code rewind} on the caller's (the consumer job's); {@link
 * #wakeup} and {@link #close} on any.
 *
 * @param <T> what the buffer holds of a received message
 */
public abstract class BufferedConsumer<T> implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(BufferedConsumer.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    protected final BatchBuffer<T> buffer;
    private final QueuedBroker broker;
    private final String description;
    private final Thread thread;
    private final Object signal = new Object();
    private final Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF);
    private volatile boolean running = true;
    /** The last session failed or ended (the consumer's thread only). */
    private boolean down;

    /**
     * @param broker the broker this consumer belongs to: it forgets the consumer on {@link #close}
     * @param description names the consumer in log lines ({@code "Redis subscriber"})
     * @param threadName the name of the consumer's thread, made by {@code threads}
     */
    protected BufferedConsumer(
            QueuedBroker broker, String description, ThreadFactory threads, String threadName, BatchBuffer<T> buffer) {
        this.broker = broker;
        this.description = description;
        this.buffer = buffer;
        this.thread = threads.newThread(this::run);
        thread.setName(threadName);
    }

    /** Starts the consumer's thread; the subclass calls it last in its constructor. */
    protected final void start() {
        thread.start();
    }

    /**
     * Connects, subscribes and receives into {@link #buffer} until the connection or the
     * subscription ends or the consumer closes; calls {@link #subscribed()} once subscribed.
     *
     * @return why the session ended, for the log (ignored when the consumer is closing)
     * @throws Exception when connecting, subscribing or receiving fails: retried with back-off
     */
    protected abstract String session() throws Exception;

    /** Makes a {@link #session()} in progress end soon (closes its connection). Any thread. */
    protected abstract void endSession();

    /** Runs on the consumer's thread after its last session; the default does nothing. */
    protected void stopped() {}

    /** The batch {@link #poll} returns for {@code taken} (never empty), and what it remembers of it. */
    protected abstract MessageBatch batch(List<T> taken);

    /** Whether a buffered item may still be polled; the default: every item. */
    protected boolean usable(T item) {
        return true;
    }

    /** How long {@link #close} waits for the consumer's thread to end. */
    protected long closeWaitMillis() {
        return 5000;
    }

    @Override
    public MessageBatch poll(Duration timeout) {
        List<T> taken = buffer.poll(timeout, this::usable);
        signal(); // room in the buffer
        return taken.isEmpty() ? MessageBatch.EMPTY : batch(taken);
    }

    @Override
    public final void wakeup() {
        buffer.wakeup();
    }

    /** Ends the session and the consumer's thread; idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        broker.forget(this);
        endSession();
        signal();
        wakeup();
        try {
            thread.join(closeWaitMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** False once {@link #close} began. */
    protected final boolean running() {
        return running;
    }

    /** Called by {@link #session()} once subscribed: the back-off starts again from its minimum. */
    protected final void subscribed() {
        backoff.reset();
        if (down) {
            LOG.info(() -> description + " is subscribed again");
            down = false;
        }
    }

    /** Waits up to {@code millis} or until {@link #signal}; false once the consumer is closing. */
    protected final boolean await(long millis) throws InterruptedException {
        synchronized (signal) {
            if (running) {
                signal.wait(Math.max(1, millis));
            }
        }
        return running;
    }

    /** Ends an {@link #await} early. Any thread. */
    protected final void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    String ended = session();
                    if (running) {
                        LOG.warning(() ->
                                description + " lost its subscription (" + ended + "); reconnecting with back-off");
                        down = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception | LinkageError e) {
                    if (!running) {
                        return;
                    }
                    if (!down) {
                        LOG.warning(() -> description + " cannot subscribe; retrying with back-off: " + e);
                        down = true;
                    } else {
                        LOG.log(Level.FINE, description + " still cannot subscribe", e);
                    }
                }
                if (!await(backoff.nextMillis())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped();
        }
    }
}
