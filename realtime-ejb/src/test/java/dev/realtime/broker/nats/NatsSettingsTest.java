package dev.realtime.broker.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NatsSettingsTest {

    private static NatsSettings settings(String... pairs) {
        Map<String, String> config = new HashMap<>();
        config.put("realtime.node.id", "node-1");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return NatsSettings.from(RealtimeSettings.from(config));
    }

    @Test
    void defaults() {
        NatsSettings s = settings();
        assertEquals(List.of("nats://127.0.0.1:4222"), s.servers());
        assertEquals("realtime", s.prefix());
        assertFalse(s.jetStream());
        assertEquals("REALTIME", s.stream());
        assertEquals(Duration.ofHours(24), s.streamMaxAge());
        assertEquals("realtime-node-1", s.durable());
        assertEquals(Duration.ofSeconds(30), s.ackWait());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals("realtime.>", s.allSubjects());
        assertEquals("realtime.user.42", s.subject("user.42"));
    }

    @Test
    void overrides() {
        NatsSettings s = settings(
                "realtime.nats.url", "nats://a:4222, nats://b:4222",
                "realtime.nats.subject-prefix", "acme.rt",
                "realtime.nats.jetstream", "true",
                "realtime.nats.stream", "ACME",
                "realtime.nats.stream-max-age", "PT1H",
                "realtime.nats.durable-prefix", "acme",
                "realtime.nats.ack-wait-ms", "5000",
                "realtime.node.id", "host.example.com");
        assertEquals(List.of("nats://a:4222", "nats://b:4222"), s.servers());
        assertEquals("acme.rt.>", s.allSubjects());
        assertTrue(s.jetStream());
        assertEquals(Duration.ofHours(1), s.streamMaxAge());
        assertTrue(s.durable().startsWith("acme-host_example_com-"), s.durable());
        assertEquals(Duration.ofSeconds(5), s.ackWait());
        assertEquals(
                Duration.ofSeconds(600),
                settings("realtime.nats.stream-max-age", "600").streamMaxAge());
    }

    @ParameterizedTest(name = "{0}={1} fails naming the key")
    @CsvSource({
        "realtime.nats.url, redis://x:1",
        "realtime.nats.url, ' , '",
        "realtime.nats.subject-prefix, a.*",
        "realtime.nats.subject-prefix, a..b",
        "realtime.nats.stream, A.B",
        "realtime.nats.stream-max-age, 1 day",
        "realtime.nats.stream-max-age, -PT1H",
        "realtime.nats.ack-wait-ms, 10",
        "realtime.nats.timeout-ms, 0",
        "realtime.nats.jetstream, yes",
    })
    void badValuesFailWithTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
