package dev.realtime.bench;

import dev.realtime.channel.ChannelRegistry;
import dev.realtime.connection.FanOut;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import dev.realtime.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FanOut#deliver}: one message to the {@code subscribers} connections of one channel on this
 * node, on the broadcasting thread, as {@code RealtimeManager} does it (minus the history append).
 * Each call makes one {@code Delivery}, encodes the Pusher frame once, looks the channel up, and
 * offers the shared frame to every subscriber's {@link BenchConnection} queue.
 *
 * <p>Why it matters: this loop is the whole cost of a broadcast on the node that delivers it, and it
 * grows with the audience. The score is per message (one {@code deliver} call); divide it by
 * {@code subscribers} for the cost per recipient (JMH's {@code @OperationsPerInvocation} cannot
 * follow a {@code @Param}).
 *
 * <ul>
 *   <li>{@code deliverWritten}: every client keeps up; each offer finds its queue idle and the write
 *       completes inline (the common case, the fastest path through {@code OutboundQueue}).
 *   <li>{@code deliverDropped}: no client reads any more; every queue is full (limit {@value
 *       #DROP_LIMIT}, one write in flight) and the policy is {@code DROP}, so each offer is refused
 *       and counted as a drop. This is what a burst costs while clients lag: it should not cost more
 *       than delivering.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanOutBenchmark {
    /** The queue limit in the drop variant; small so that filling 10,000 queues stays cheap. */
    public static final int DROP_LIMIT = 16;

    /** N subscribers of one channel whose writes complete at once (default limits: 1000, CLOSE). */
    @State(Scope.Benchmark)
    public static class Written {
        @Param({"1", "100", "1000", "10000"})
        public int subscribers;

        final List<BenchConnection> connections = new ArrayList<>();
        final Message message = Fixtures.message(Fixtures.CHANNEL, Fixtures.ASCII_PAYLOAD);
        FanOut fanOut;

        @Setup
        public void setup() {
            fanOut = audience(subscribers, new OutboundLimits(1000, OutboundPolicy.CLOSE), true, connections);
        }
    }

    /** N subscribers whose queues are full (one write in flight, {@value #DROP_LIMIT} waiting), policy DROP. */
    @State(Scope.Benchmark)
    public static class Dropping {
        @Param({"1", "100", "1000", "10000"})
        public int subscribers;

        final List<BenchConnection> connections = new ArrayList<>();
        final Message message = Fixtures.message(Fixtures.CHANNEL, Fixtures.ASCII_PAYLOAD);
        final OutboundLimits limits = new OutboundLimits(DROP_LIMIT, OutboundPolicy.DROP);
        FanOut fanOut;

        @Setup
        public void setup() {
            fanOut = audience(subscribers, limits, false, connections);
            for (int i = 0; i <= DROP_LIMIT; i++) {
                fanOut.deliver(message);
            }
        }
    }

    /** A fan-out over one channel with {@code n} new connections, added to {@code connections}. */
    static FanOut audience(int n, OutboundLimits limits, boolean completes, List<BenchConnection> connections) {
        ChannelRegistry channels = new ChannelRegistry();
        for (int i = 0; i < n; i++) {
            BenchConnection connection = new BenchConnection("1234." + i, limits, completes);
            connections.add(connection);
            channels.subscribe(Fixtures.CHANNEL, connection);
        }
        return new FanOut(channels);
    }

    @Benchmark
    public void deliverWritten(Written state) {
        state.fanOut.deliver(state.message);
    }

    @Benchmark
    public void deliverDropped(Dropping state) {
        state.fanOut.deliver(state.message);
    }
}
