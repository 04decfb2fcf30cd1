package dev.realtime.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The graceful drain of this node, in one place and in one order. {@link #begin()} (when the server
 * starts to suspend or the application to stop) refuses new connections at once ({@link
 * #draining()}: admission control and readiness read it), waits the grace period so that a load
 * balancer's health check can notice, then runs the {@link Stage#CLIENTS} steps: every transport
 * sends its protocol's "reconnect elsewhere" signal. {@link #finish()} (when the application stops)
 * runs what is left of that, then the {@link Stage#CONSUMERS} steps (the consumer job stops after
 * committing) and the {@link Stage#PUBLISHING} steps (the cluster, webhook and broker queues are
 * flushed and closed).
 *
 * <p>The steps after the grace period share one budget, {@code realtime.drain.timeout-ms}: each gets
 * what is left of it and must return within it (a step past the deadline still runs, with a zero
 * budget, so that it closes what it owns without waiting). A step that throws is logged and the next
 * one runs. Thread-safe; each stage runs once, in the thread that calls {@code begin} or {@code
 * finish}; {@link #resume()} (the server resumed instead of stopping) ends a drain that has not
 * finished.
 */
public final class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());

    /** The stages, in the order they run. */
    public enum Stage {
        /** Clients get their protocol's reconnect signal; nothing new is admitted. */
        CLIENTS,
        /** The consumer job stops after committing its last chunk. */
        CONSUMERS,
        /** Queued publishes, cluster messages and webhooks are sent, then their clients closed. */
        PUBLISHING
    }

    /** One step: gets the budget left and must return within it (blocking is allowed). */
    @FunctionalInterface
    public interface Step {
        void run(Duration budget) throws Exception;
    }

    /** Waits the grace period (a test substitutes its own). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private record Entry(Stage stage, String name, Step step) {}

    private final Duration grace;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private final List<Entry> steps = new CopyOnWriteArrayList<>();
    private volatile boolean draining;
    private boolean clientsDone;
    private boolean finished;
    private long deadline;

    /** A drain with the real clock. */
    public Drain(Duration grace, Duration timeout) {
        this(grace, timeout, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    public Drain(Duration grace, Duration timeout, LongSupplier nanoTime, Pause pause) {
        this.grace = grace;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    /** Adds a step to {@code stage}; steps of one stage run in the order they were added. */
    public void add(Stage stage, String name, Step step) {
        steps.add(new Entry(stage, name, step));
    }

    /** Removes the steps of that name (a part that stopped before the drain). */
    public void remove(String name) {
        steps.removeIf(e -> e.name().equals(name));
    }

    /** Whether this node is draining: new connections are refused and readiness answers 503. */
    public boolean draining() {
        return draining;
    }

    /**
     * Starts draining: refuses new connections, waits the grace period, then signals the clients.
     * Returns once the clients stage has run; a second call returns at once.
     */
    public void begin() {
        synchronized (this) {
            if (draining || finished) {
                return;
            }
            draining = true;
        }
        LOG.info(() ->
                "Draining: refusing new connections; clients are told to reconnect in " + grace.toMillis() + " ms");
        try {
            pause.pause(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!draining) {
                LOG.info("Drain cancelled: the server resumed");
                return;
            }
        }
        clients();
    }

    /**
     * The server resumed instead of stopping: admits connections again (the clients that were told to
     * go may come back), and a later suspend drains again. Nothing once {@link #finish()} has run.
     */
    public synchronized void resume() {
        if (draining && !finished) {
            draining = false;
            clientsDone = false;
        }
    }

    /**
     * Completes the drain (the application stops): the clients stage if it has not run, then the
     * consumers and publishing stages, each once, within the timeout.
     */
    public void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            draining = true;
        }
        clients();
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        run(Stage.CONSUMERS);
        run(Stage.PUBLISHING);
        LOG.info("Drained");
    }

    /** What is left of the timeout (zero past the deadline; the whole timeout before the drain began). */
    public synchronized Duration remaining() {
        if (!clientsDone) {
            return timeout;
        }
        return Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong()));
    }

    private void clients() {
        synchronized (this) {
            if (clientsDone) {
                return;
            }
            clientsDone = true;
            deadline = nanoTime.getAsLong() + timeout.toNanos();
        }
        run(Stage.CLIENTS);
    }

    private void run(Stage stage) {
        for (Entry e : steps) {
            if (e.stage() != stage) {
                continue;
            }
            Duration budget = remaining();
            try {
                e.step().run(budget);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                LOG.log(Level.WARNING, "Drain step " + e.name() + " interrupted", ex);
            } catch (Exception | LinkageError ex) {
                LOG.log(Level.WARNING, "Drain step " + e.name() + " failed; going on", ex);
            }
        }
    }
}
