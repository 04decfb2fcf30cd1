package dev.realtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingReaderTest {

    private static SettingReader reader(Map<String, String> values) {
        return new SettingReader(key -> Optional.ofNullable(values.get(key)), values::keySet);
    }

    @Test
    void passThroughKeepsOnlyKeysUnderThePrefixStrippedAndTrimmed() {
        SettingReader r = reader(Map.of(
                "realtime.kafka.security.protocol", "  SASL_SSL ",
                "realtime.kafka.producer.compression.type", "zstd",
                "realtime.kafka.", "bare prefix",
                "realtime.kafkaX.y", "lookalike",
                "realtime.redis.url", "redis://h:1",
                "other.realtime.kafka.z", "not under the prefix",
                "security.protocol", "PLAINTEXT"));
        assertEquals(
                Map.of("security.protocol", "SASL_SSL", "producer.compression.type", "zstd"),
                r.passThrough("realtime.kafka."));
    }

    @Test
    void passThroughExcludesTheModulesOwnKeys() {
        SettingReader r = reader(Map.of(
                "realtime.kafka.topic-strategy", "per-channel",
                "realtime.kafka.linger-ms", "1",
                "realtime.kafka.bootstrap.servers", "k:9092",
                "realtime.kafka.topics", "a=b",
                "realtime.kafka.sasl.mechanism", "PLAIN"));
        assertEquals(Map.of("sasl.mechanism", "PLAIN"), r.passThrough("realtime.kafka."));
        for (Setting s : Setting.values()) {
            SettingReader one = reader(Map.of(s.key(), "v"));
            assertTrue(one.passThrough("realtime.").isEmpty(), s.key());
        }
    }

    @Test
    void passThroughWithoutNamesIsEmpty() {
        SettingReader r = new SettingReader(key -> Optional.of("x"), Set::of);
        assertTrue(r.passThrough("realtime.kafka.").isEmpty());
    }

    @Test
    void passThroughSkipsNamesWithoutAValue() {
        SettingReader r = new SettingReader(
                key -> key.equals("realtime.kafka.a") ? Optional.of("1") : Optional.empty(),
                () -> List.of("realtime.kafka.a", "realtime.kafka.b"));
        assertEquals(Map.of("a", "1"), r.passThrough("realtime.kafka."));
    }

    @Test
    void typedReads() {
        SettingReader r = reader(Map.of(
                Setting.KAFKA_PARTITIONS.key(), " 12 ",
                Setting.DEMO_ENABLED.key(), "TRUE",
                Setting.REDIS_TIMEOUT.key(), "250",
                Setting.TRANSPORTS.key(), " sse, ,websocket ,",
                Setting.KAFKA_TOPIC_STRATEGY.key(), "per-channel"));
        assertEquals(12, r.positive(Setting.KAFKA_PARTITIONS));
        assertEquals(12L, r.number(Setting.KAFKA_PARTITIONS, 12, 12));
        assertTrue(r.bool(Setting.DEMO_ENABLED));
        assertEquals(Duration.ofMillis(250), r.millis(Setting.REDIS_TIMEOUT));
        assertEquals(List.of("sse", "websocket"), r.list(Setting.TRANSPORTS));
        assertEquals("per-channel", r.choice(Setting.KAFKA_TOPIC_STRATEGY, Set.of("grouped", "per-channel")));
        // missing keys take the default
        assertEquals("app", r.text(Setting.APP_ID));
        assertEquals(500, r.positive(Setting.BROKER_BATCH));
        assertFalse(reader(Map.of()).bool(Setting.DEMO_ENABLED));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"x", "", "1.5", "0", "-3", "99999999999"})
    void numberErrorsNameTheKey(String value) {
        SettingReader r = reader(Map.of(Setting.KAFKA_PARTITIONS.key(), value));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.positive(Setting.KAFKA_PARTITIONS));
        assertTrue(e.getMessage().contains("realtime.kafka.partitions"), e.getMessage());
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
    }

    @Test
    void numberRangeErrorNamesTheBounds() {
        SettingReader r = reader(Map.of(Setting.KAFKA_REPLICATION.key(), "40"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.number(Setting.KAFKA_REPLICATION, 1, 32));
        assertTrue(e.getMessage().contains("realtime.kafka.replication-factor=40"), e.getMessage());
        assertTrue(e.getMessage().contains("<= 32"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"yes", "1", "on", ""})
    void boolErrorsNameTheKey(String value) {
        SettingReader r = reader(Map.of(Setting.DEMO_ENABLED.key(), value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.bool(Setting.DEMO_ENABLED));
        assertTrue(e.getMessage().contains("realtime.demo.enabled"), e.getMessage());
    }

    @Test
    void choiceErrorNamesTheKeyAndTheChoices() {
        SettingReader r = reader(Map.of(Setting.BROKER.key(), "rabbit"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.choice(Setting.BROKER, Set.of("none", "redis")));
        assertTrue(e.getMessage().contains("realtime.broker=rabbit"), e.getMessage());
        assertTrue(e.getMessage().contains("[none, redis]"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"-1", "2s", "fast"})
    void millisErrorsNameTheKey(String value) {
        SettingReader r = reader(Map.of(Setting.REDIS_TIMEOUT.key(), value));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.millis(Setting.REDIS_TIMEOUT));
        assertTrue(e.getMessage().contains("realtime.redis.timeout-ms"), e.getMessage());
    }
}
