package dev.realtime.broker;

import java.util.concurrent.atomic.LongAdder;

/** The counters every broker keeps; contention-free, safe from any thread. */
public final class BrokerCounters {
    private final LongAdder published = new LongAdder();
    private final LongAdder consumed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public void published(long count) {
        published.add(count);
    }

    public void consumed(long count) {
        consumed.add(count);
    }

    public void failed(long count) {
        failed.add(count);
    }

    public void dropped(long count) {
        dropped.add(count);
    }

    public long dropped() {
        return dropped.sum();
    }

    public BrokerStats snapshot(String broker, boolean connected, long pending, long lag) {
        return new BrokerStats(
                broker, connected, published.sum(), consumed.sum(), failed.sum(), dropped.sum(), pending, lag);
    }
}
