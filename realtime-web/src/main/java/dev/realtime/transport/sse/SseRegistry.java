package dev.realtime.transport.sse;

import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import dev.realtime.web.drain.Departures;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open SSE streams of this node, the shared SSE wire format, and one sweep that writes a
 * keep-alive comment to every stream (which also detects clients that went away). When the node
 * drains, every stream gets a {@code retry:} line and ends.
 */
@ApplicationScoped
public class SseRegistry {
    private static final Logger LOG = Logger.getLogger(SseRegistry.class.getName());

    @Inject
    RealtimeNode node;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
    private volatile SseWireFormat events;
    private ScheduledFuture<?> sweep;

    @PostConstruct
    void start() {
        long period = node.settings().sseKeepAlive().toSeconds();
        sweep = scheduler.scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.SECONDS);
        node.drain().add(Drain.Stage.CLIENTS, "sse", this::drain);
    }

    /**
     * The drain: every stream gets {@code retry:} and ends, in the drain's thread; waits (within the
     * budget, at most {@link Departures#MOST}) until the last events are written.
     */
    private void drain(Duration budget) throws InterruptedException {
        SseWireFormat current = events;
        if (current == null) {
            return; // no stream was ever opened
        }
        OutboundSseEvent retry = current.reconnectElsewhere();
        List<SseConnection> streams = List.copyOf(open);
        CompletableFuture<?>[] written =
                streams.stream().map(c -> c.sendLast(retry)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(written).get(Departures.bound(budget).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "Not every SSE stream took its last event", e);
        }
        streams.forEach(SseConnection::end);
        open.clear();
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        open.forEach(c -> c.disconnect(Disconnect.SHUTDOWN, "Server shutting down"));
    }

    /** The shared wire format, created from the container's {@link Sse} on first use. */
    SseWireFormat wireFormat(Sse sse) {
        SseWireFormat current = events;
        if (current == null) {
            synchronized (this) {
                if (events == null) {
                    events = new SseWireFormat(sse);
                }
                current = events;
            }
        }
        return current;
    }

    /** A new stream on {@code sink}, registered with the node and this node's sweep. */
    SseConnection open(SseEventSink sink, SseWireFormat events, String userId) {
        SseConnection connection = new SseConnection(node, sink, events, userId, scheduler);
        open.add(connection);
        return connection;
    }

    private void keepAlive() {
        SseWireFormat current = events;
        if (current == null) {
            return;
        }
        for (SseConnection c : open) {
            try {
                if (c.isOpen()) {
                    c.send(current.keepAlive());
                } else {
                    open.remove(c);
                    c.disconnect(Disconnect.CLIENT, "Client went away");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SSE keep-alive to " + c.id() + " failed", e);
            }
        }
    }
}
