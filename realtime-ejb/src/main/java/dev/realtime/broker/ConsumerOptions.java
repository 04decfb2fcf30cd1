package dev.realtime.broker;

import java.util.List;

/**
 * What a consumer subscribes to.
 *
 * @param channels channel globs ({@code user.*}, {@code public.*}); empty means every channel.
 *     A broker narrows its subscription with them where it can (Redis pattern subscriptions);
 *     the consumer job filters exactly.
 * @param batchSize most messages one {@link BrokerConsumer#poll} returns
 */
public record ConsumerOptions(List<String> channels, int batchSize) {
    public ConsumerOptions {
        channels = List.copyOf(channels);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
    }

    /** Every channel, in batches of {@code batchSize}. */
    public static ConsumerOptions all(int batchSize) {
        return new ConsumerOptions(List.of(), batchSize);
    }
}
