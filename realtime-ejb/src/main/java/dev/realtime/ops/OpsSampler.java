package dev.realtime.ops;

import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operations page's snapshot of the node, as one JSON object: connections and subscriptions by
 * transport, per-second rates of the broker's published and consumed messages, of deliveries and of
 * drops (computed from the previous sample), their totals, outbound queued bytes, the broker's and
 * the consumer's state, the cluster's size and the busiest channels. It reads the accessors
 * {@link NodeMetrics} and {@code /realtime/health} read, so the three agree.
 *
 * <p>One sampler per node, shared by every stream: {@link #sample} is synchronized and keeps only
 * the previous counters. Its JSON is a few hundred bytes plus about 40 per listed channel.
 */
public final class OpsSampler {
    private final RealtimeNode node;
    private final int channels;
    private final long intervalMillis;
    private Counters previous;

    /**
     * @param channels busiest channels listed
     * @param intervalMillis the sampling interval, reported to the page
     */
    public OpsSampler(RealtimeNode node, int channels, long intervalMillis) {
        this.node = node;
        this.channels = channels;
        this.intervalMillis = intervalMillis;
    }

    /** The counters that rates are computed from, read at {@code nanos} ({@link System#nanoTime}). */
    record Counters(
            long nanos,
            long published,
            long consumed,
            long delivered,
            long dropped,
            long brokerDropped,
            long consumerDropped) {

        /** Per second from {@code before} to this; 0 without a before or when a counter went back. */
        double rate(Counters before, java.util.function.ToLongFunction<Counters> counter) {
            if (before == null || nanos <= before.nanos) {
                return 0;
            }
            long delta = counter.applyAsLong(this) - counter.applyAsLong(before);
            return delta <= 0 ? 0 : Math.round(delta * 1e10 / (nanos - before.nanos)) / 10.0;
        }
    }

    /**
     * Takes a sample: the node's state now and the rates since the previous sample (all 0 on the
     * first).
     *
     * @param nanos {@link System#nanoTime} now
     * @param epochMillis the wall-clock time now, shown on the page
     */
    public synchronized String sample(long nanos, long epochMillis) {
        BrokerStats broker = node.brokerStats();
        ConsumerActivity.Snapshot consumer = node.consumerActivity().snapshot();
        OutboundLimits outbound = node.outbound();
        Counters now = new Counters(
                nanos,
                broker.published(),
                broker.consumed(),
                node.deliveredCount(),
                outbound.droppedCount(),
                broker.dropped(),
                broker.consumerDropped());
        Counters before = previous;
        previous = now;
        StringBuilder out = new StringBuilder(512 + 48 * channels);
        out.append("{\"node\":");
        Json.quote(out, node.settings().nodeId())
                .append(",\"time\":")
                .append(epochMillis)
                .append(",\"intervalMs\":")
                .append(intervalMillis);
        connections(out);
        out.append(",\"rates\":{\"published\":")
                .append(now.rate(before, Counters::published))
                .append(",\"consumed\":")
                .append(now.rate(before, Counters::consumed))
                .append(",\"delivered\":")
                .append(now.rate(before, Counters::delivered))
                .append(",\"dropped\":")
                .append(now.rate(before, Counters::dropped))
                .append(",\"brokerDropped\":")
                .append(now.rate(before, Counters::brokerDropped))
                .append(",\"consumerDropped\":")
                .append(now.rate(before, Counters::consumerDropped))
                .append("},\"totals\":{\"published\":")
                .append(now.published())
                .append(",\"consumed\":")
                .append(now.consumed())
                .append(",\"delivered\":")
                .append(now.delivered())
                .append(",\"dropped\":")
                .append(now.dropped())
                .append(",\"brokerDropped\":")
                .append(now.brokerDropped())
                .append(",\"consumerDropped\":")
                .append(now.consumerDropped())
                .append("},\"queuedBytes\":")
                .append(outbound.nodeHeld())
                .append(",\"broker\":{\"name\":");
        Json.quote(out, broker.broker())
                .append(",\"connected\":")
                .append(broker.connected())
                .append(",\"pending\":")
                .append(broker.pending())
                .append(",\"lag\":")
                .append(broker.lag())
                .append("},\"consumer\":{\"running\":")
                .append(consumer.running() > 0)
                .append(",\"lag\":")
                .append(consumer.lag())
                .append("},\"cluster\":{\"nodes\":")
                .append(node.cluster().nodes().size())
                .append("},\"channels\":[");
        List<BusiestChannels.ChannelLoad> busiest =
                BusiestChannels.top(node.occupiedChannels(), node::subscriberCount, channels);
        for (int i = 0; i < busiest.size(); i++) {
            out.append(i == 0 ? "{\"name\":" : ",{\"name\":");
            Json.quote(out, busiest.get(i).channel())
                    .append(",\"subscribers\":")
                    .append(busiest.get(i).subscribers())
                    .append('}');
        }
        return out.append("]}").toString();
    }

    private void connections(StringBuilder out) {
        Map<String, long[]> counts = new TreeMap<>(node.connectionsByTransport());
        node.settings().transports().forEach(t -> counts.putIfAbsent(t, new long[2]));
        long total = 0;
        out.append(",\"connections\":{\"byTransport\":{");
        boolean first = true;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            Json.quote(first ? out : out.append(','), e.getKey())
                    .append(":{\"connections\":")
                    .append(e.getValue()[0])
                    .append(",\"subscriptions\":")
                    .append(e.getValue()[1])
                    .append('}');
            total += e.getValue()[0];
            first = false;
        }
        out.append("},\"total\":").append(total).append('}');
    }
}
