package dev.realtime.transport.io;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * The writes waiting for one of Undertow's I/O threads. Undertow writes a frame on the connection's
 * I/O thread: a send from any other thread (the broadcasting one) becomes a task for that I/O
 * thread and wakes its selector, once per recipient. Instead, a fan-out queues each recipient's
 * sender here and wakes each I/O thread at most once per burst; the I/O thread then writes every
 * queued frame itself, straight to its sockets. Per recipient that leaves one queue node, no task
 * and no wake-up. A run writes at most {@value #MAX_PER_RUN} frames and then lets the thread serve
 * its selector before it goes on, so a sustained fan-out never starves the thread's reads.
 * Thread-safe; one per I/O thread, for the life of the server.
 */
final class IoThreadBatch implements Runnable {
    static final int MAX_PER_RUN = 1024;
    private static final Map<XnioIoThread, IoThreadBatch> BATCHES = new ConcurrentHashMap<>();

    private final XnioIoThread thread;
    private final ConcurrentLinkedQueue<UndertowFrameSender> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private IoThreadBatch(XnioIoThread thread) {
        this.thread = thread;
    }

    static IoThreadBatch of(XnioIoThread thread) {
        return BATCHES.computeIfAbsent(thread, IoThreadBatch::new);
    }

    /** Whether the caller runs on this batch's I/O thread (and may write directly). */
    boolean inIoThread() {
        return Thread.currentThread() == thread;
    }

    /** Queues the sender's pending frame; the I/O thread writes it soon. Never blocks. */
    void add(UndertowFrameSender sender) {
        waiting.add(sender);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this);
            } catch (RejectedExecutionException shuttingDown) {
                run(); // here instead: each send then goes through Undertow's own hand-off
            }
        }
    }

    /** On the I/O thread: writes what is queued, at most {@value #MAX_PER_RUN} frames per run. */
    @Override
    public void run() {
        try {
            UndertowFrameSender sender;
            for (int n = 0; n < MAX_PER_RUN && (sender = waiting.poll()) != null; n++) {
                sender.writePending(); // never throws: a failure completes that sender's write
            }
        } finally {
            scheduled.set(false);
            if (!waiting.isEmpty()) {
                schedule();
            }
        }
    }
}
