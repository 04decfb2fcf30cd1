package dev.realtime.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

    private static KafkaSettings kafka(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", "node-7");
        values.put("realtime.app.secret", "secret");
        values.putAll(extra);
        return KafkaSettings.from(RealtimeSettings.from(values));
    }

    private static List<Map<String, Object>> clients(KafkaSettings k) {
        return List.of(k.producer(), k.consumer(), k.admin());
    }

    @Test
    void defaults() {
        KafkaSettings k = kafka(Map.of());
        assertEquals("node-7", k.nodeId());
        assertEquals(KafkaSettings.GROUPED, k.strategyName());
        assertInstanceOf(CachedTopics.class, k.topics());
        assertEquals("realtime-user", k.topics().topicFor("user.1"));
        assertEquals("realtime-events", k.topics().topicFor("news"));
        assertEquals(6, k.topics().partitionsOf("realtime-user"));
        assertEquals(Optional.empty(), k.replicationFactor());
        assertTrue(k.createTopics());
        assertEquals("realtime", k.groupPrefix());
        assertEquals(10000, k.publishQueue());
        assertEquals(500, k.publishBatch());
        for (Map<String, Object> client : clients(k)) {
            assertEquals("127.0.0.1:9092", client.get("bootstrap.servers"));
        }
        assertEquals("true", k.producer().get("enable.idempotence"));
        assertEquals("all", k.producer().get("acks"));
        assertEquals("5", k.producer().get("linger.ms"));
        assertEquals("65536", k.producer().get("batch.size"));
        assertEquals("realtime-node-7", k.producer().get("client.id"));
        assertEquals("realtime-node-7", k.consumer().get("group.id"));
        assertEquals("realtime-node-7", k.groupId());
        assertEquals("false", k.consumer().get("enable.auto.commit"));
        assertEquals("latest", k.consumer().get("auto.offset.reset"));
        assertNull(k.consumer().get("metadata.max.age.ms"), "only the per-channel strategy needs quick metadata");
        assertEquals("realtime-admin-node-7", k.admin().get("client.id"));
    }

    @Test
    void ownTunablesAreApplied() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.bootstrap.servers", " k1:9092,k2:9092 ",
                "realtime.kafka.linger-ms", "0",
                "realtime.kafka.batch-bytes", "1024",
                "realtime.kafka.group-prefix", "grp",
                "realtime.kafka.create-topics", "false",
                "realtime.broker.publish-queue", "7",
                "realtime.broker.publish-batch", "3"));
        for (Map<String, Object> client : clients(k)) {
            assertEquals("k1:9092,k2:9092", client.get("bootstrap.servers"));
        }
        assertEquals("0", k.producer().get("linger.ms"));
        assertEquals("1024", k.producer().get("batch.size"));
        assertEquals("grp-node-7", k.groupId());
        assertFalse(k.createTopics());
        assertEquals(7, k.publishQueue());
        assertEquals(3, k.publishBatch());
    }

    @Test
    void commonPropertiesReachEveryClient() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.security.protocol", "SASL_SSL",
                "realtime.kafka.sasl.mechanism", " PLAIN "));
        for (Map<String, Object> client : clients(k)) {
            assertEquals("SASL_SSL", client.get("security.protocol"));
            assertEquals("PLAIN", client.get("sasl.mechanism"));
        }
    }

    @Test
    void scopedPropertiesReachOnlyTheirClient() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.producer.compression.type", "zstd",
                "realtime.kafka.consumer.fetch.min.bytes", "1024",
                "realtime.kafka.admin.x", "y"));
        assertEquals("zstd", k.producer().get("compression.type"));
        assertFalse(k.consumer().containsKey("compression.type"));
        assertFalse(k.admin().containsKey("compression.type"));

        assertEquals("1024", k.consumer().get("fetch.min.bytes"));
        assertFalse(k.producer().containsKey("fetch.min.bytes"));
        assertFalse(k.admin().containsKey("fetch.min.bytes"));

        assertEquals("y", k.admin().get("x"));
        assertFalse(k.producer().containsKey("x"));
        assertFalse(k.consumer().containsKey("x"));

        for (Map<String, Object> client : clients(k)) {
            for (String key : client.keySet()) {
                assertFalse(
                        key.startsWith("producer.") || key.startsWith("consumer.") || key.startsWith("admin."), key);
            }
        }
    }

    @Test
    void scopedPropertyOverridesCommonAndDefault() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.acks", "1",
                "realtime.kafka.producer.acks", "0",
                "realtime.kafka.client.rack", "r1",
                "realtime.kafka.consumer.client.rack", "r2"));
        assertEquals("0", k.producer().get("acks"));
        assertEquals("r1", k.producer().get("client.rack"));
        assertEquals("r2", k.consumer().get("client.rack"));
        assertEquals("r1", k.admin().get("client.rack"));
    }

    @Test
    void moduleKeysAreNotPassedThrough() {
        Map<String, String> own = new HashMap<>();
        for (Setting s : Setting.values()) {
            if (s.key().startsWith("realtime.kafka.")) {
                own.put(s.key(), s.defaultValue());
            }
        }
        own.put("realtime.kafka.topic-strategy", "grouped");
        own.put("realtime.kafka.linger-ms", "9");
        own.put("realtime.kafka.partitions", "2");
        own.put("realtime.kafka.replication-factor", "1");
        KafkaSettings k = kafka(own);
        for (Map<String, Object> client : clients(k)) {
            for (Setting s : Setting.values()) {
                if (s.key().startsWith("realtime.kafka.") && !s.key().equals("realtime.kafka.bootstrap.servers")) {
                    String stripped = s.key().substring("realtime.kafka.".length());
                    assertFalse(client.containsKey(stripped), stripped + " leaked into " + client);
                }
            }
        }
        assertEquals("9", k.producer().get("linger.ms"));
    }

    @Test
    void autoCommitCannotBeTurnedBackOn() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.consumer.enable.auto.commit", "true",
                "realtime.kafka.enable.auto.commit", "true"));
        assertEquals("false", k.consumer().get("enable.auto.commit"));
    }

    @Test
    void perChannelStrategyIsSelected() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.topic-strategy", "per-channel",
                "realtime.kafka.topic-prefix", "rt.",
                "realtime.kafka.partitions", "3"));
        assertEquals(KafkaSettings.PER_CHANNEL, k.strategyName());
        assertEquals("rt.news", k.topics().topicFor("news"));
        assertEquals(3, k.topics().partitionsOf("rt.news"));
        assertEquals(List.of(), k.topics().fixedTopics());
        assertNotNull(k.topics().topicPattern());
        assertTrue(k.topics().topicPattern().matcher("rt.news").matches());
        assertEquals("5000", k.consumer().get("metadata.max.age.ms"));
    }

    @Test
    void groupedMappingIsConfigurable() {
        KafkaSettings k = kafka(Map.of(
                "realtime.kafka.topics", "user.*=u:12, news.*=n",
                "realtime.kafka.default-topic", "rest:2",
                "realtime.kafka.partitions", "4"));
        assertEquals("u", k.topics().topicFor("user.5"));
        assertEquals("n", k.topics().topicFor("news.5"));
        assertEquals("rest", k.topics().topicFor("other"));
        assertEquals(12, k.topics().partitionsOf("u"));
        assertEquals(4, k.topics().partitionsOf("n"));
        assertEquals(2, k.topics().partitionsOf("rest"));
    }

    @ParameterizedTest(name = "strategy {0} is rejected naming the key")
    @ValueSource(strings = {"Grouped", "per_channel", "topic", "x"})
    void badStrategyNameIsRejectedNamingTheKey(String name) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> kafka(Map.of("realtime.kafka.topic-strategy", name)));
        assertTrue(e.getMessage().contains("realtime.kafka.topic-strategy"), e.getMessage());
        assertTrue(e.getMessage().contains("per-channel") && e.getMessage().contains("grouped"), e.getMessage());
    }

    @Test
    void replicationFactor() {
        assertEquals(
                Optional.empty(),
                kafka(Map.of("realtime.kafka.replication-factor", "")).replicationFactor());
        assertEquals(
                Optional.empty(),
                kafka(Map.of("realtime.kafka.replication-factor", "  ")).replicationFactor());
        assertEquals(
                Optional.of((short) 3),
                kafka(Map.of("realtime.kafka.replication-factor", "3")).replicationFactor());
    }

    @ParameterizedTest(name = "replication factor {0} is rejected naming the key")
    @ValueSource(strings = {"0", "-1", "33", "three", "1.5"})
    void badReplicationFactorIsRejectedNamingTheKey(String value) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> kafka(Map.of("realtime.kafka.replication-factor", value)));
        assertTrue(e.getMessage().contains("realtime.kafka.replication-factor"), e.getMessage());
    }

    @Test
    void badTopicMappingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> kafka(Map.of("realtime.kafka.topics", "user.*")));
        assertThrows(IllegalArgumentException.class, () -> kafka(Map.of("realtime.kafka.partitions", "0")));
    }
}
