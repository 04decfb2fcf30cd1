package dev.realtime.broker.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisSettingsTest {

    private static RedisSettings redis(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", "n1");
        values.put("realtime.app.secret", "s");
        values.putAll(extra);
        return RedisSettings.from(RealtimeSettings.from(values));
    }

    private static RedisSettings withPrefix(String prefix) {
        return new RedisSettings(URI.create("redis://h:1"), prefix, Duration.ofSeconds(1), 1, 1);
    }

    @Test
    void defaults() {
        RedisSettings r = redis(Map.of());
        assertEquals(URI.create("redis://127.0.0.1:6379"), r.uri());
        assertEquals("realtime:", r.prefix());
        assertEquals(Duration.ofMillis(2000), r.timeout());
        assertEquals(10000, r.publishQueue());
        assertEquals(500, r.publishBatch());
    }

    @Test
    void configuredValues() {
        RedisSettings r = redis(Map.of(
                "realtime.redis.url", " rediss://user:pw@redis.example.com:6380/2 ",
                "realtime.redis.channel-prefix", "app1:",
                "realtime.redis.timeout-ms", "150",
                "realtime.broker.publish-queue", "9",
                "realtime.broker.publish-batch", "4"));
        assertEquals("rediss", r.uri().getScheme());
        assertEquals("redis.example.com", r.uri().getHost());
        assertEquals(6380, r.uri().getPort());
        assertEquals("app1:", r.prefix());
        assertEquals(Duration.ofMillis(150), r.timeout());
        assertEquals(9, r.publishQueue());
        assertEquals(4, r.publishBatch());
    }

    @ParameterizedTest(name = "bad url {0} is rejected naming the key")
    @ValueSource(
            strings = {
                "http://x",
                "https://redis.example.com:6379",
                "not a url",
                "redis://",
                "redis:///0",
                "redis://:6379",
                "127.0.0.1:6379",
                "redis:host",
                "localhost"
            })
    void badUrlIsRejectedNamingTheKey(String url) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> redis(Map.of("realtime.redis.url", url)));
        assertTrue(e.getMessage().contains("realtime.redis.url"), e.getMessage());
    }

    @ParameterizedTest(name = "bad timeout {0} is rejected naming the key")
    @ValueSource(strings = {"-1", "soon", "1.5"})
    void badTimeoutIsRejectedNamingTheKey(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> redis(Map.of("realtime.redis.timeout-ms", value)));
        assertTrue(e.getMessage().contains("realtime.redis.timeout-ms"), e.getMessage());
    }

    @Test
    void redisChannelIsPrefixPlusChannel() {
        assertEquals("realtime:news", redis(Map.of()).redisChannel("news"));
        assertEquals("x*?news", withPrefix("x*?").redisChannel("news"));
    }

    @ParameterizedTest(name = "prefix {0} and glob {1} become pattern {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "realtime:|user.*|realtime:user.*",
                "realtime:|*|realtime:*",
                "realtime:|news|realtime:news",
                "realtime:|a?b|realtime:a\\?b",
                "realtime:|a[b]c|realtime:a\\[b\\]c",
                "realtime:|a\\b|realtime:a\\\\b",
                "p*:|user.*|p\\*:user.*",
                "p?[]\\:|*.x|p\\?\\[\\]\\\\:*.x",
                "'' |user.*|user.*"
            })
    void redisPatternEscapesGlobCharactersButKeepsTheGlobStar(String prefix, String glob, String expected) {
        assertEquals(expected, withPrefix(prefix.trim()).redisPattern(glob));
    }
}
