package dev.realtime.broker.kafka;

import java.util.List;
import java.util.regex.Pattern;

/** Which Kafka topic carries a channel's messages. The message key is always the channel name. */
public interface TopicStrategy {

    /** The topic for {@code channel}; the same answer every time. */
    String topicFor(String channel);

    /** Partitions a topic gets when this module creates it. */
    int partitionsOf(String topic);

    /** The topics a consumer subscribes to, when they are known up front (grouped); else empty. */
    List<String> fixedTopics();

    /** The topic pattern a consumer subscribes to when topics appear as channels do (per-channel). */
    Pattern topicPattern();
}
