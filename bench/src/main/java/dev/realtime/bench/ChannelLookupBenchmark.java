package dev.realtime.bench;

import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import java.util.SplittableRandom;
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
 * The per-broadcast channel work: finding a channel's subscribers, and validating the channel and
 * event names.
 *
 * <p>Why it matters: {@code FanOut} looks the channel up in {@link ChannelRegistry} once per
 * message, and {@code RealtimeManager.broadcast} (through its message factory) checks the channel
 * and event names with {@link ChannelNames} once per message before anything is delivered. Neither
 * depends on the audience, but both sit in front of every delivery, and the lookup should not slow
 * down as a node holds more channels.
 *
 * <ul>
 *   <li>{@code subscribers}: {@link ChannelRegistry#subscribers} for a random existing channel
 *       among {@code channels} (one subscriber each). The names are drawn in advance from 4096
 *       random picks, so the map is hit all over; their hash codes are cached, as a message's
 *       channel string's is after the first lookup.
 *   <li>{@code requireChannel} / {@code requireEvent}: validation of a typical private channel name
 *       and event name under the default limits.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelLookupBenchmark {
    private static final int PICKS = 4096; // a power of two

    /** A registry holding {@code channels} channels with one subscriber each. */
    @State(Scope.Benchmark)
    public static class Registry {
        @Param({"100", "10000", "100000"})
        public int channels;

        final ChannelRegistry registry = new ChannelRegistry();
        Connection[] subscriberOf;
        String[] picks;
        int[] pickedIndex;
        int next;

        @Setup
        public void setup() {
            OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE);
            subscriberOf = new Connection[channels];
            for (int i = 0; i < channels; i++) {
                subscriberOf[i] = new BenchConnection("1234." + i, limits, true);
                registry.subscribe(name(i), subscriberOf[i]);
            }
            SplittableRandom random = new SplittableRandom(42);
            picks = new String[PICKS];
            pickedIndex = new int[PICKS];
            for (int i = 0; i < PICKS; i++) {
                pickedIndex[i] = random.nextInt(channels);
                picks[i] = name(pickedIndex[i]);
            }
        }

        /** The next random existing channel name. */
        String nextName() {
            return picks[next++ & (PICKS - 1)];
        }

        static String name(int i) {
            return "private-orders.customer-" + i;
        }
    }

    /** The default name rules. */
    @State(Scope.Benchmark)
    public static class Names {
        final ChannelNames names = new ChannelNames(RealtimeSettings.defaults());
        String channel = Fixtures.CHANNEL;
        String event = Fixtures.EVENT;
    }

    @Benchmark
    public Object subscribers(Registry state) {
        return state.registry.subscribers(state.nextName());
    }

    @Benchmark
    public String requireChannel(Names state) {
        return state.names.requireChannel(state.channel);
    }

    @Benchmark
    public String requireEvent(Names state) {
        return state.names.requireEvent(state.event);
    }
}
