package dev.realtime.transport.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * The writes waiting for one of Undertow's I/O threads. Undertow writes a frame on the connection's
 * I/O thread: a send from any other thread (the broadcasting one) becomes a task for that I/O
 * thread and wakes its selector, once per recipient. Instead, a fan-out queues each recipient's
 * sender here and wakes each I/O thread at most once per burst; the I/O thread then writes every
 * queued frame itself, straight to its sockets. Per recipient that leaves one queue node, no task
 * and no wake-up. Thread-safe; one per I/O thread, for the life of the server.
 */
final class IoThreadBatch implements Runnable {
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
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(this);
        }
    }

    /** On the I/O thread: writes everything queued, including what arrives meanwhile. */
    @Override
    public void run() {
        for (; ; ) {
            UndertowFrameSender sender;
            while ((sender = waiting.poll()) != null) {
                sender.writePending();
            }
            scheduled.set(false);
            if (waiting.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
