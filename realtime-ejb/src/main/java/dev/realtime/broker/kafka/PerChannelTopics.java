package dev.realtime.broker.kafka;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The legacy strategy: one topic per channel, {@code <prefix><channel>} with the characters Kafka
 * does not allow replaced (and a hash appended, so that two channels never share a topic by
 * accident). Topics appear as channels are used; consumers subscribe by pattern.
 */
public final class PerChannelTopics implements TopicStrategy {
    private final String prefix;
    private final int partitions;
    private final Pattern pattern;

    public PerChannelTopics(String prefix, int partitions) {
        TopicNames.requireLegal(prefix + "x");
        if (prefix.length() > TopicNames.MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("Kafka topic prefix '" + prefix + "' is longer than "
                    + TopicNames.MAX_PREFIX_LENGTH + " characters");
        }
        this.prefix = prefix;
        this.partitions = partitions;
        this.pattern = Pattern.compile(Pattern.quote(prefix) + ".+");
    }

    @Override
    public String topicFor(String channel) {
        return TopicNames.sanitize(prefix, channel);
    }

    @Override
    public int partitionsOf(String topic) {
        return partitions;
    }

    @Override
    public List<String> fixedTopics() {
        return List.of();
    }

    @Override
    public Pattern topicPattern() {
        return pattern;
    }
}
