package dev.realtime.transport.socketio;

import jakarta.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The acknowledgements one Socket.IO socket owes the server: each emit that asked for one has a
 * fresh id and a deadline. The client's ACK completes it (once: a second ACK with the same id, or
 * one for an id nobody waits for, is ignored); the session's sweep fails it with
 * {@link SocketIoAckException.Reason#TIMEOUT} after its deadline; closing the socket fails every
 * one still waiting with {@link SocketIoAckException.Reason#DISCONNECTED}, and any asked for
 * later at once. Futures are completed on the given executor, never while holding the monitor, so
 * the application's dependent stages never run on a transport thread. Thread-safe.
 *
 * <p>Bounded: each waiting acknowledgement holds one permit of its session's quota
 * ({@code realtime.socketio.pending-acks}, shared by the session's namespaces) until it completes,
 * expires or fails; without a permit a new one fails at once with
 * {@link SocketIoAckException.Reason#TOO_MANY_PENDING}. Each keeps a fixed size in memory (an id, a
 * deadline and the application's future; the client's answer is handed on, not kept), so the count
 * bounds its bytes too.
 */
final class PendingAcks {
    private record Pending(CompletableFuture<JsonArray> future, long deadline) {}

    private final Executor executor;
    private final Semaphore quota;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId;
    private boolean closed;

    /** @param quota the session's permits, one per waiting acknowledgement */
    PendingAcks(Executor executor, Semaphore quota) {
        this.executor = executor;
        this.quota = quota;
    }

    /**
     * Waits for the ACK of a new id until {@code deadline} ({@link System#nanoTime()} clock).
     *
     * @return the id to send with the EVENT, or {@code null} when the socket is closed or its session
     *     waits for too many acknowledgements (the future has then failed)
     */
    Long add(CompletableFuture<JsonArray> future, long deadline) {
        if (!quota.tryAcquire()) {
            fail(
                    future,
                    SocketIoAckException.Reason.TOO_MANY_PENDING,
                    "the session already waits for too many acknowledgements");
            return null;
        }
        synchronized (this) {
            if (!closed) {
                long id = nextId++;
                pending.put(id, new Pending(future, deadline));
                return id;
            }
        }
        quota.release();
        fail(future, SocketIoAckException.Reason.DISCONNECTED, "the socket is closed");
        return null;
    }

    /** The client's ACK: true when it answered an id that was waiting. */
    boolean complete(long id, JsonArray args) {
        Pending p;
        synchronized (this) {
            p = pending.remove(id);
        }
        if (p == null) {
            return false;
        }
        quota.release();
        run(() -> p.future.complete(args));
        return true;
    }

    /** Fails the acknowledgements whose deadline is before {@code now}. */
    void expire(long now) {
        List<Pending> late = new ArrayList<>();
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.deadline > 0) {
                    late.add(p);
                    it.remove();
                }
            }
        }
        quota.release(late.size());
        late.forEach(p -> fail(p.future, SocketIoAckException.Reason.TIMEOUT, "no acknowledgement in time"));
    }

    /** The socket closed: every waiting acknowledgement fails, and so does any asked for later. */
    void close() {
        List<Pending> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(pending.values());
            pending.clear();
        }
        quota.release(left.size());
        left.forEach(p ->
                fail(p.future, SocketIoAckException.Reason.DISCONNECTED, "the socket closed before acknowledging"));
    }

    /** Acknowledgements still waiting. */
    synchronized int size() {
        return pending.size();
    }

    private void fail(CompletableFuture<JsonArray> future, SocketIoAckException.Reason reason, String message) {
        run(() -> future.completeExceptionally(new SocketIoAckException(reason, message)));
    }

    private void run(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) { // shutting down
            completion.run();
        }
    }
}
