package dev.realtime.broker.kafka;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.config.SettingReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka broker's configuration. Besides the module's own keys, any other
 * {@code realtime.kafka.<property>} is passed to every Kafka client unchanged (security, SASL,
 * TLS, …), and {@code realtime.kafka.producer.<property>}, {@code realtime.kafka.consumer.<property>}
 * and {@code realtime.kafka.admin.<property>} to that client only.
 */
public record KafkaSettings(
        String nodeId,
        TopicStrategy topics,
        String strategyName,
        Optional<Short> replicationFactor,
        boolean createTopics,
        String groupPrefix,
        int publishQueue,
        int publishBatch,
        Map<String, Object> producer,
        Map<String, Object> consumer,
        Map<String, Object> admin) {

    public static final String GROUPED = "grouped";
    public static final String PER_CHANNEL = "per-channel";
    static final String PREFIX = "realtime.kafka.";

    public static KafkaSettings from(RealtimeSettings settings) {
        SettingReader r = settings.source();
        String strategyName = r.choice(Setting.KAFKA_TOPIC_STRATEGY, Set.of(GROUPED, PER_CHANNEL));
        int partitions = r.positive(Setting.KAFKA_PARTITIONS);
        TopicStrategy strategy = GROUPED.equals(strategyName)
                ? new GroupedTopics(r.list(Setting.KAFKA_TOPICS), r.text(Setting.KAFKA_DEFAULT_TOPIC), partitions)
                : new PerChannelTopics(r.text(Setting.KAFKA_TOPIC_PREFIX), partitions);
        String replication = r.text(Setting.KAFKA_REPLICATION);
        Optional<Short> factor = replication.isEmpty()
                ? Optional.empty()
                : Optional.of((short) r.number(Setting.KAFKA_REPLICATION, 1, 32));

        Map<String, String> passed = r.passThrough(PREFIX);
        Map<String, Object> common = new HashMap<>();
        common.put("bootstrap.servers", r.text(Setting.KAFKA_BOOTSTRAP));
        passed.forEach((key, value) -> {
            if (!key.startsWith("producer.") && !key.startsWith("consumer.") && !key.startsWith("admin.")) {
                common.put(key, value);
            }
        });

        Map<String, Object> producer = new HashMap<>(common);
        producer.put("client.id", "realtime-" + settings.nodeId());
        producer.put("enable.idempotence", "true");
        producer.put("acks", "all");
        producer.put("linger.ms", String.valueOf(r.number(Setting.KAFKA_LINGER, 0, Integer.MAX_VALUE)));
        producer.put("batch.size", String.valueOf(r.positive(Setting.KAFKA_BATCH_BYTES)));
        // The publisher thread, never a broadcast() caller, waits for metadata or buffer space.
        producer.put("max.block.ms", "60000");
        producer.putAll(scoped(passed, "producer."));

        Map<String, Object> consumer = new HashMap<>(common);
        consumer.put("group.id", r.text(Setting.KAFKA_GROUP_PREFIX) + "-" + settings.nodeId());
        consumer.put("client.id", "realtime-consumer-" + settings.nodeId());
        consumer.put("enable.auto.commit", "false");
        consumer.put("auto.offset.reset", "latest");
        if (PER_CHANNEL.equals(strategyName)) {
            consumer.put("metadata.max.age.ms", "5000"); // new channel topics are found within seconds
        }
        consumer.putAll(scoped(passed, "consumer."));
        consumer.put("enable.auto.commit", "false"); // commit after delivery is the point

        Map<String, Object> admin = new HashMap<>(common);
        admin.put("client.id", "realtime-admin-" + settings.nodeId());
        admin.putAll(scoped(passed, "admin."));

        return new KafkaSettings(
                settings.nodeId(),
                new CachedTopics(strategy),
                strategyName,
                factor,
                r.bool(Setting.KAFKA_CREATE_TOPICS),
                r.text(Setting.KAFKA_GROUP_PREFIX),
                r.positive(Setting.BROKER_QUEUE),
                r.positive(Setting.BROKER_BATCH),
                Map.copyOf(producer),
                Map.copyOf(consumer),
                Map.copyOf(admin));
    }

    /** The consumer group of this node. */
    public String groupId() {
        return (String) consumer.get("group.id");
    }

    /** How long an admin call (topic creation, a ping) may take. */
    Duration adminTimeout() {
        return Duration.ofSeconds(10);
    }

    private static Map<String, String> scoped(Map<String, String> passed, String scope) {
        Map<String, String> out = new HashMap<>();
        passed.forEach((key, value) -> {
            if (key.startsWith(scope) && key.length() > scope.length()) {
                out.put(key.substring(scope.length()), value);
            }
        });
        return out;
    }
}
