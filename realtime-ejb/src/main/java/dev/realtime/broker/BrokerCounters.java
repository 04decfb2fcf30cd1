package dev.realtime.broker;

import java.util.concurrent.atomic.LongAdder;

/** The counters every broker keeps; contention-free, safe from any thread. */
public final class BrokerCounters {
    private final LongAdder published = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder consumerDropped = new LongAdder();

    public void published(long count) {
        published.add(count);
    }

    /** Valid messages a consumer received from the broker, counted on receipt (before its buffer). */
    public void consumed(long count) {
        consumed.add(count);
    }

    public void failed(long count) {
        failed.add(count);
    }

    /** Received messages a consumer dropped because its buffer was full (not publish-queue drops). */
    public void consumerDropped(long count) {
        consumerDropped.add(count);
    }

    /** Messages the publish queue refused (see {@link #consumerDropped} for the consume side). */
    public void dropped(long count) {
        dropped.add(count);
    }

    public long dropped() {
        return dropped.sum();
    }

    public BrokerStats snapshot(String broker, boolean connected, long pending, long lag) {
        return new BrokerStats(
                broker,
                connected,
                published.sum(),
                consumed.sum(),
                failed.sum(),
                dropped.sum(),
                pending,
                lag,
                0,
                0,
                consumerDropped.sum());
    }
}
