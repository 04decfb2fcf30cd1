package dev.realtime.web.ops;

import dev.realtime.config.OpsPageSettings;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import dev.realtime.ops.OpsSampler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's open operations streams and the one {@link OpsSampler} they share. The sampler runs
 * on the container's scheduler only while a stream is open: every interval it builds one
 * {@code snapshot} event that each stream is offered. A stream has at most one event in flight (a
 * client that reads slowly misses samples, it never queues them), is written on the executor (never
 * on the sampling thread) and is dropped once a write fails or its client has gone. At most
 * {@code realtime.ops.max-streams} streams are open at once.
 */
@ApplicationScoped
public class OpsStreams {
    private static final Logger LOG = Logger.getLogger(OpsStreams.class.getName());

    @Inject
    RealtimeNode node;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private OpsSampler sampler;
    private ScheduledFuture<?> ticks;
    private Sse sse;
    private volatile OutboundSseEvent latest;

    /** One client's stream. */
    private final class Stream {
        private final SseEventSink sink;
        private final AtomicBoolean writing = new AtomicBoolean();

        Stream(SseEventSink sink) {
            this.sink = sink;
        }

        void offer(OutboundSseEvent event) {
            if (sink.isClosed()) {
                close();
            } else if (writing.compareAndSet(false, true)) {
                execute(() -> {
                    try {
                        sink.send(event).whenComplete((done, failure) -> {
                            writing.set(false);
                            if (failure != null) {
                                close();
                            }
                        });
                    } catch (RuntimeException e) { // closed meanwhile
                        writing.set(false);
                        close();
                    }
                });
            }
        }

        void close() {
            if (open.remove(this)) {
                execute(() -> {
                    try {
                        sink.close();
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "Closing an operations stream failed", e);
                    }
                });
            }
        }
    }

    /**
     * Registers a new stream and starts the sampler if it is the first; the stream gets the latest
     * snapshot at once, then one per interval.
     *
     * @return false when {@code realtime.ops.max-streams} streams are open already
     */
    synchronized boolean open(SseEventSink sink, Sse sse) {
        OpsPageSettings settings = node.settings().opsPage();
        if (open.size() >= settings.maxStreams()) {
            return false;
        }
        Stream stream = new Stream(sink);
        open.add(stream);
        if (ticks == null) {
            this.sse = sse;
            latest = null;
            sampler = new OpsSampler(
                    node, settings.channels(), settings.interval().toMillis());
            long period = settings.interval().toMillis();
            ticks = scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        } else if (latest != null) {
            stream.offer(latest);
        }
        return true;
    }

    /** Streams open now. */
    int openCount() {
        return open.size();
    }

    private void tick() {
        try {
            if (stopWhenIdle()) {
                return;
            }
            String json = sampler.sample(System.nanoTime(), System.currentTimeMillis());
            OutboundSseEvent event = sse.newEventBuilder()
                    .name("snapshot")
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, json)
                    .build();
            latest = event;
            for (Stream s : open) {
                s.offer(event);
            }
        } catch (RuntimeException e) { // keep sampling: a failed tick must not cancel the schedule
            LOG.log(Level.WARNING, "Sampling for the operations page failed", e);
        }
    }

    /** Stops the sampler when no stream is open; the next stream starts a fresh one. */
    private synchronized boolean stopWhenIdle() {
        if (!open.isEmpty() || ticks == null) {
            return ticks == null;
        }
        ticks.cancel(false);
        ticks = null;
        return true;
    }

    /** A draining node stops sampling and ends the streams first, while its executors still run. */
    @PostConstruct
    void joinTheDrain() {
        node.drain().add(Drain.Stage.CLIENTS, "ops-streams", budget -> stop());
    }

    @PreDestroy
    synchronized void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        open.forEach(Stream::close);
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) { // shutting down
            task.run();
        }
    }
}
