package dev.realtime.broker;

import dev.realtime.channel.ChannelNames;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a consumer subscribes to.
 *
 * @param channels channel globs ({@code user.*}, {@code public.*}); empty means every channel
 *     ({@link #forNode} adds the nodes' own channel to a selection). A broker narrows its
 *     subscription with them where it can (Redis pattern subscriptions); the consumer job filters
 *     exactly.
 * @param batchSize most messages one {@link BrokerConsumer#poll} returns
 */
public record ConsumerOptions(List<String> channels, int batchSize) {
    public ConsumerOptions {
        channels = List.copyOf(channels);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
    }

    /**
     * What a node's consumer (the job, the standalone consumer) subscribes to: {@code globs} and,
     * when they select, the nodes' own {@link ChannelNames#CLUSTER_CHANNEL} too, which presence and
     * counts need whatever the selection.
     */
    public static ConsumerOptions forNode(List<String> globs, int batchSize) {
        return globs.isEmpty() || globs.contains(ChannelNames.CLUSTER_CHANNEL)
                ? new ConsumerOptions(globs, batchSize)
                : new ConsumerOptions(
                        Stream.concat(globs.stream(), Stream.of(ChannelNames.CLUSTER_CHANNEL))
                                .toList(),
                        batchSize);
    }

    /** Every channel, in batches of {@code batchSize}. */
    public static ConsumerOptions all(int batchSize) {
        return new ConsumerOptions(List.of(), batchSize);
    }
}
