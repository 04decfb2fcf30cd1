package dev.realtime.broker;

import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The non-blocking hand-off between {@code broadcast()} callers and a broker connection: a bounded
 * queue drained in batches by one sender thread, which owns the connection. A caller never waits
 * for the network; when the queue is full the message is dropped and counted, and a warning is
 * logged through a {@link RateLimitedLog} (at most once per 10 s).
 *
 * <p>A failed send is retried with back-off (the sink reconnects on the next attempt) until it
 * succeeds, so a short outage loses nothing that fit in the queue. One thread sends, so messages
 * leave in the order they were offered. While idle the thread pings the broker, so
 * {@link #isConnected()} stays true to the connection's state.
 */
public final class AsyncPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AsyncPublisher.class.getName());

    /** The broker-specific part; called only from the sender thread. */
    public interface Sink {
        /**
         * Sends the batch, in order; throws if any of it may not have reached the broker. The batch
         * is retried after a failure: a sink that knows which messages it already handed on
         * removes them from the list first, so they are not sent twice.
         */
        void send(List<Message> batch) throws Exception;

        /** Checks the connection (or opens it); throws when the broker is unreachable. */
        void ping() throws Exception;

        /** Closes the connection; the next {@link #send} or {@link #ping} reopens it. */
        void disconnect();
    }

    /** Put in the queue by {@link #close} to wake a sender waiting for messages; never sent. */
    private static final Message WAKE = new Message("wake", "wake", "wake", "null", 0, "", null);

    private final String name;
    private final Sink sink;
    private final BlockingQueue<Message> queue;
    private final int maxBatch;
    private final Duration pingInterval;
    private final BrokerCounters counters;
    private final Thread thread;
    private final RateLimitedLog dropWarnings = new RateLimitedLog(LOG);
    private volatile boolean connected;
    private volatile boolean down;
    private volatile boolean running = true;
    private volatile long drainDeadline = Long.MAX_VALUE;

    public AsyncPublisher(
            String name, Sink sink, int capacity, int maxBatch, Duration pingInterval, BrokerCounters counters) {
        this(name, sink, capacity, maxBatch, pingInterval, counters, DaemonThreads.INSTANCE);
    }

    /** @param threads makes the sender thread (the container's managed thread factory in a server) */
    public AsyncPublisher(
            String name,
            Sink sink,
            int capacity,
            int maxBatch,
            Duration pingInterval,
            BrokerCounters counters,
            ThreadFactory threads) {
        this.name = name;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.pingInterval = pingInterval;
        this.counters = counters;
        this.thread = threads.newThread(this::run);
        thread.setName("realtime-" + name + "-publisher");
        thread.start();
    }

    /** Queues the message; never blocks. False (and counted as dropped) when the queue is full. */
    public boolean offer(Message message) {
        if (running && queue.offer(message)) {
            return true;
        }
        counters.dropped(1);
        dropWarnings.warn(() -> "Broker " + name + ": publish queue full (" + queue.size() + " waiting, broker "
                + (connected ? "slow" : "unreachable") + "); dropped " + counters.dropped() + " so far");
        return false;
    }

    /** Whether the last send or ping succeeded. */
    public boolean isConnected() {
        return connected;
    }

    /** For sinks that learn the outcome later (asynchronous clients): the broker's current state. */
    public void reportConnected(boolean up) {
        connected = up;
    }

    /** Messages waiting to be sent. */
    public int pending() {
        return queue.size();
    }

    /**
     * Stops taking messages, sends what is queued for up to {@code drain}, then stops the thread and
     * disconnects. Messages still queued after that are counted as failed.
     */
    public void close(Duration drain) {
        if (!running) {
            return;
        }
        drainDeadline = System.nanoTime() + drain.toNanos();
        running = false;
        queue.offer(WAKE); // a full queue means the sender is not waiting for one
        try {
            thread.join(drain.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        queue.removeIf(m -> m == WAKE);
        int left = queue.size();
        if (left > 0) {
            counters.failed(left);
            LOG.warning(() -> "Broker " + name + " closed with " + left + " messages unsent");
            queue.clear();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        List<Message> batch = new ArrayList<>(maxBatch);
        ping(backoff);
        try {
            while (running || (!queue.isEmpty() && System.nanoTime() < drainDeadline)) {
                if (batch.isEmpty()) {
                    Message first = queue.poll(running ? pingInterval.toMillis() : 0, TimeUnit.MILLISECONDS);
                    if (first == null || first == WAKE) {
                        if (running) {
                            ping(backoff);
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    batch.removeIf(m -> m == WAKE);
                }
                if (send(batch, backoff) || batch.isEmpty()) {
                    batch.clear();
                } else if (!running && System.nanoTime() >= drainDeadline) {
                    break;
                } else if (!backoff.pause()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!batch.isEmpty()) {
                counters.failed(batch.size());
            }
            sink.disconnect();
        }
    }

    private boolean send(List<Message> batch, Backoff backoff) {
        try {
            sink.send(batch);
            up(backoff);
            return true;
        } catch (Exception | LinkageError e) {
            failed(e); // a missing class is logged and retried like an outage, never kills the thread
            return false;
        }
    }

    private void ping(Backoff backoff) {
        try {
            sink.ping();
            up(backoff);
        } catch (Exception | LinkageError e) {
            failed(e);
        }
    }

    private void up(Backoff backoff) {
        if (down) {
            LOG.info(() -> "Broker " + name + " is reachable again");
        }
        down = false;
        connected = true;
        backoff.reset();
    }

    private void failed(Throwable e) {
        if (!down && running) {
            LOG.warning(() -> "Broker " + name + " is unreachable; retrying with back-off: " + e);
            LOG.log(Level.FINE, "Broker " + name + " failure", e);
        } else {
            LOG.log(Level.FINE, "Broker " + name + " still unreachable", e);
        }
        down = true;
        connected = false;
        sink.disconnect();
    }
}
