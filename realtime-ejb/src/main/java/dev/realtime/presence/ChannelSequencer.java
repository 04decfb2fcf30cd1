package dev.realtime.presence;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the tasks of one presence channel one at a time, in submission order, without locks: the
 * submitting thread runs the queue when nobody else is, otherwise the running thread picks the task
 * up. A membership change and the member event it causes, or a member-list snapshot and the
 * {@code subscription_succeeded} that carries it, are one task each, so every subscriber sees the
 * events in the order the membership changed, and a snapshot is never overtaken by an older event.
 * A task may submit to any channel (itself included) without deadlock. Thread-safe.
 */
public final class ChannelSequencer {

    private static final class Lane {
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean();
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code task} after the channel's earlier tasks: now on this thread, or soon on another. */
    public void run(String channel, Runnable task) {
        Lane lane = lanes.computeIfAbsent(channel, c -> new Lane());
        lane.tasks.add(task);
        while (lane.running.compareAndSet(false, true)) {
            try {
                for (Runnable next; (next = lane.tasks.poll()) != null; ) {
                    next.run();
                }
            } finally {
                lane.running.set(false);
            }
            if (lane.tasks.isEmpty()) {
                return;
            }
        }
    }
}
