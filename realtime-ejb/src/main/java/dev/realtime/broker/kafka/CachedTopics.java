package dev.realtime.broker.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Remembers each channel's topic, so a lookup is one hash probe after the first. Bounded: past
 * {@value #MAX_ENTRIES} channels the cache starts over rather than grow without limit.
 */
public final class CachedTopics implements TopicStrategy {
    static final int MAX_ENTRIES = 100_000;

    private final TopicStrategy strategy;
    private final Map<String, String> topics = new ConcurrentHashMap<>();

    public CachedTopics(TopicStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String topicFor(String channel) {
        String topic = topics.get(channel);
        if (topic == null) {
            if (topics.size() >= MAX_ENTRIES) {
                topics.clear();
            }
            topic = topics.computeIfAbsent(channel, strategy::topicFor);
        }
        return topic;
    }

    @Override
    public int partitionsOf(String topic) {
        return strategy.partitionsOf(topic);
    }

    @Override
    public List<String> fixedTopics() {
        return strategy.fixedTopics();
    }

    @Override
    public Pattern topicPattern() {
        return strategy.topicPattern();
    }

    int size() {
        return topics.size();
    }
}
