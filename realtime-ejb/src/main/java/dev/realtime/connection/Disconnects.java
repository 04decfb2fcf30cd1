package dev.realtime.connection;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ended connections by transport and {@link Disconnect} reason, counted once per connection by
 * {@link ConnectionRegistry} when it forgets the connection. Transports are a small fixed set, so
 * the table stays small.
 */
public final class Disconnects {
    private final ConcurrentHashMap<String, LongAdder[]> byTransport = new ConcurrentHashMap<>();

    void record(String transport, Disconnect why) {
        byTransport.computeIfAbsent(transport, t -> newRow())[why.ordinal()].increment();
    }

    private static LongAdder[] newRow() {
        LongAdder[] row = new LongAdder[Disconnect.values().length];
        for (int i = 0; i < row.length; i++) {
            row[i] = new LongAdder();
        }
        return row;
    }

    /** Connections of {@code transport} that ended for {@code why}. */
    public long count(String transport, Disconnect why) {
        LongAdder[] row = byTransport.get(transport);
        return row != null ? row[why.ordinal()].sum() : 0;
    }

    /** Per transport (sorted), the counts indexed by {@link Disconnect#ordinal()}. */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> counts = new TreeMap<>();
        byTransport.forEach((transport, row) -> {
            long[] c = new long[row.length];
            for (int i = 0; i < row.length; i++) {
                c[i] = row[i].sum();
            }
            counts.put(transport, c);
        });
        return counts;
    }
}
