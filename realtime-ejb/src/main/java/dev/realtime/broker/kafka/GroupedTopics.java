package dev.realtime.broker.kafka;

import dev.realtime.channel.ChannelNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The default strategy: channel globs map to a few topics ({@code user.*=realtime-user:12}), the
 * first matching glob wins, and every other channel goes to the default topic. Many channels share
 * a topic and spread over its partitions by key, so a thousand channels need four topics, not a
 * thousand.
 */
public final class GroupedTopics implements TopicStrategy {
    private final List<Route> routes;
    private final String defaultTopic;
    private final Map<String, Integer> partitions = new LinkedHashMap<>();
    private final Map<String, Integer> explicit = new LinkedHashMap<>();

    private record Route(Pattern glob, String topic) {}

    /**
     * @param mapping {@code glob=topic[:partitions]} entries
     * @param defaultTopic {@code topic[:partitions]} for the channels no glob matches
     * @param defaultPartitions partitions of a topic that names none
     * @throws IllegalArgumentException for a malformed entry or an illegal topic name
     */
    public GroupedTopics(List<String> mapping, String defaultTopic, int defaultPartitions) {
        List<Route> parsed = new ArrayList<>();
        for (String entry : mapping) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "Kafka topic mapping '" + entry + "' must look like glob=topic or glob=topic:partitions");
            }
            String topic = declare(entry.substring(eq + 1).trim(), defaultPartitions);
            parsed.add(new Route(ChannelNames.glob(entry.substring(0, eq).trim()), topic));
        }
        this.routes = List.copyOf(parsed);
        this.defaultTopic = declare(defaultTopic, defaultPartitions);
    }

    @Override
    public String topicFor(String channel) {
        for (Route route : routes) {
            if (route.glob().matcher(channel).matches()) {
                return route.topic();
            }
        }
        return defaultTopic;
    }

    @Override
    public int partitionsOf(String topic) {
        return partitions.getOrDefault(topic, 1);
    }

    @Override
    public List<String> fixedTopics() {
        return List.copyOf(partitions.keySet());
    }

    @Override
    public Pattern topicPattern() {
        return null;
    }

    private String declare(String spec, int defaultPartitions) {
        int colon = spec.lastIndexOf(':');
        String topic = colon < 0 ? spec : spec.substring(0, colon);
        int count = defaultPartitions;
        if (colon >= 0) {
            try {
                count = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1) {
                throw new IllegalArgumentException("Kafka topic '" + spec + "': partitions must be a number >= 1");
            }
        }
        TopicNames.requireLegal(topic);
        if (colon < 0) {
            partitions.putIfAbsent(topic, count); // an explicit count elsewhere wins
            return topic;
        }
        if (explicit.containsKey(topic) && explicit.get(topic) != count) {
            throw new IllegalArgumentException(
                    "Kafka topic '" + topic + "' is given " + explicit.get(topic) + " and " + count + " partitions");
        }
        explicit.put(topic, count);
        partitions.put(topic, count);
        return topic;
    }
}
