package dev.realtime.transport.sse;

import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundQueue;
import dev.realtime.connection.WireFormat;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE stream. It is registered and subscribed before anything is written, and holds the
 * messages that arrive meanwhile; {@link #start} then writes the opening event, the replay from
 * history (when resuming) and the held messages without duplicates, after which deliveries go
 * straight to the bounded {@link OutboundQueue}. A stream that falls too far behind is closed (its
 * {@code EventSource} reconnects with {@code Last-Event-ID} and resumes from history) or, under the
 * {@code drop} outbound policy, loses the events that do not fit and stays open.
 */
final class SseConnection implements Connection, BiConsumer<Object, Throwable> {
    static final String TRANSPORT = "sse";
    private static final Logger LOG = Logger.getLogger(SseConnection.class.getName());

    private final String id;
    private final String userId;
    private final SseEventSink sink;
    private final WireFormat<OutboundSseEvent> format;
    private final OutboundQueue<OutboundSseEvent> queue;
    private final Registration registration;
    private final List<Delivery> held = new ArrayList<>();
    private Set<String> replayed = Set.of();
    private volatile boolean started;
    private final Executor executor;
    private final OutboundLimits limits;
    private volatile boolean closed;

    /**
     * @param executor runs the first writes and the closing of the sink, which may block (never on
     *     a broadcasting thread)
     */
    SseConnection(
            RealtimeNode node,
            SseEventSink sink,
            WireFormat<OutboundSseEvent> format,
            String userId,
            Executor executor) {
        this.id = node.nextSocketId();
        this.userId = userId;
        this.sink = sink;
        this.format = format;
        this.executor = executor;
        this.limits = node.outbound();
        // room for a whole replay from history on top of the per-connection limit
        this.queue = node.outbound()
                .queue(
                        node.settings().historySize(),
                        SseConnection::retainedBytes,
                        this::write,
                        () -> disconnect(Disconnect.SLOW, "Over capacity"));
        this.registration = node.register(this);
    }

    private void write(OutboundSseEvent event) {
        try {
            sink.send(event).whenComplete(this);
        } catch (IllegalStateException e) { // the sink is already closed
            accept(null, e);
        }
    }

    Registration registration() {
        return registration;
    }

    /**
     * Queues the opening event, the replay and the messages held meanwhile (without duplicates) and
     * goes live; the writing starts on the executor, after the monitor is released, so a client
     * that does not read never holds up a broadcaster.
     */
    void start(OutboundSseEvent opening, List<Message> replay) {
        synchronized (this) {
            queue.enqueue(opening);
            List<OutboundSseEvent> events = replayThatFits(replay);
            if (!events.isEmpty()) {
                replayed = new HashSet<>();
                for (int i = replay.size() - events.size(), j = 0; i < replay.size(); i++, j++) {
                    replayed.add(replay.get(i).id());
                    queue.enqueue(events.get(j));
                }
            }
            for (Delivery d : held) {
                if (!replayed.contains(d.message().id())) {
                    queue.enqueue(d.encoded(format));
                }
            }
            held.clear();
            started = true;
        }
        runAsync(queue::flush);
    }

    /**
     * The newest messages of {@code replay}, encoded, whose bytes together fit half of the client's
     * byte budget: a resume never closes the stream it resumes (the client would reconnect with the
     * same {@code Last-Event-ID} and fail again), it starts later instead.
     */
    private List<OutboundSseEvent> replayThatFits(List<Message> replay) {
        long room = limits.clientBytes() / 2;
        ArrayDeque<OutboundSseEvent> kept = new ArrayDeque<>();
        for (int i = replay.size() - 1; i >= 0; i--) {
            OutboundSseEvent event = format.encode(replay.get(i));
            room -= retainedBytes(event);
            if (room < 0) {
                LOG.fine(() -> "SSE " + id + ": resume trimmed to the newest " + kept.size() + " messages");
                break;
            }
            kept.addFirst(event);
        }
        return List.copyOf(kept);
    }

    /** What an event keeps in memory while it waits: its strings at two bytes a character, plus headers. */
    static long retainedBytes(OutboundSseEvent event) {
        return 96
                + chars(event.getName())
                + chars(event.getId())
                + chars(event.getComment())
                + (event.getData() instanceof String data ? chars(data) : 0);
    }

    private static long chars(String s) {
        return s == null ? 0 : 2L * s.length();
    }

    /** Queues a protocol event such as a keep-alive comment. */
    void send(OutboundSseEvent event) {
        if (started) {
            queue.offer(event);
        }
    }

    boolean isOpen() {
        return !closed && !sink.isClosed();
    }

    @Override
    public void deliver(Delivery delivery) {
        if (!started) {
            synchronized (this) {
                if (!started) {
                    if (held.size() >= limits.limit()) {
                        if (!limits.drop()) { // the outbound policy, as for the queue
                            disconnect(Disconnect.SLOW, "Over capacity");
                        }
                    } else {
                        held.add(delivery);
                    }
                    return;
                }
            }
        }
        if (replayed.isEmpty() || !replayed.contains(delivery.message().id())) {
            queue.offer(delivery.encoded(format));
        }
    }

    @Override
    public void accept(Object result, Throwable failure) {
        if (failure != null && !closed) {
            LOG.log(Level.FINE, "SSE write to " + id + " failed; closing", failure);
            disconnect(Disconnect.ERROR, "Write failed");
        }
        queue.written();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        registration.close(why);
        queue.close();
        runAsync(() -> {
            try {
                sink.close(); // flushes first: may wait for a slow client
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing SSE stream " + id + " failed", e);
            }
        });
    }

    /**
     * The node drains: the stream stops taking deliveries and {@code event} (a {@code retry:} line)
     * is written ahead of anything still queued; {@link #end()} then ends it. Done when written.
     */
    CompletableFuture<?> sendLast(OutboundSseEvent event) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        registration.close(Disconnect.SHUTDOWN);
        queue.close();
        try {
            return sink.send(event).toCompletableFuture();
        } catch (IllegalStateException e) { // the sink is already closed
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Ends the stream in the calling thread (the drain's: a suspended server runs no more tasks on
     * its managed executors).
     */
    void end() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing SSE stream " + id + " failed", e);
        }
    }

    private void runAsync(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) { // shutting down
            task.run();
        }
    }
}
