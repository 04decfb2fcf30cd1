package dev.realtime.broker.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresSettingsTest {

    private static PostgresSettings postgres(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", "n1");
        values.put("realtime.app.secret", "s");
        values.putAll(extra);
        return PostgresSettings.from(RealtimeSettings.from(values));
    }

    @Test
    void defaults() {
        PostgresSettings p = postgres(Map.of());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/postgres", p.url());
        assertEquals("postgres", p.user());
        assertEquals("", p.password());
        assertEquals("realtime", p.channel());
        assertEquals("realtime_payloads", p.table());
        assertEquals(7999, p.inlineLimit());
        assertEquals(Duration.ofMinutes(5), p.retention());
        assertEquals(Duration.ofSeconds(5), p.timeout());
        assertEquals(Optional.empty(), p.dataSource());
        assertFalse(p.transactional());
        assertEquals(10000, p.publishQueue());
        assertEquals(500, p.publishBatch());
        assertFalse(p.connectionProperties("publisher").containsKey("password"));
    }

    @Test
    void configuredValues() {
        PostgresSettings p = postgres(Map.of(
                "realtime.postgres.url", " jdbc:postgresql://db.example.com:6432/app?sslmode=require ",
                "realtime.postgres.user", "rt",
                "realtime.postgres.password", "pw",
                "realtime.postgres.channel", "app_1",
                "realtime.postgres.table", "realtime.payloads",
                "realtime.postgres.inline-limit", "0",
                "realtime.postgres.retention-ms", "1500",
                "realtime.postgres.timeout-ms", "1200",
                "realtime.postgres.datasource", "java:jboss/datasources/App",
                "realtime.postgres.transactional", "true"));
        assertEquals("jdbc:postgresql://db.example.com:6432/app?sslmode=require", p.url());
        assertEquals("app_1", p.channel());
        assertEquals("\"app_1\"", p.quotedChannel());
        assertEquals("\"realtime\".\"payloads\"", p.quotedTable());
        assertEquals(0, p.inlineLimit(), "0: every message goes through the table");
        assertEquals(Duration.ofMillis(1500), p.retention());
        assertEquals(Optional.of("java:jboss/datasources/App"), p.dataSource());
        assertTrue(p.transactional());
        var props = p.connectionProperties("listener");
        assertEquals("rt", props.getProperty("user"));
        assertEquals("pw", props.getProperty("password"));
        assertEquals("2", props.getProperty("connectTimeout"), "1200 ms rounds up to whole seconds");
        assertEquals("2", props.getProperty("socketTimeout"));
        assertEquals("realtime n1 listener", props.getProperty("ApplicationName"));
    }

    @ParameterizedTest(name = "channel \"{0}\" is refused: not a lower-case identifier")
    @ValueSource(strings = {"Realtime", "1abc", "a-b", "a b", "a\"b", "", "ä", "a.b"})
    void aChannelMustBeALowerCaseIdentifier(String channel) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> postgres(Map.of("realtime.postgres.channel", channel)));
        assertTrue(e.getMessage().contains("realtime.postgres.channel"), e.getMessage());
    }

    @ParameterizedTest(name = "table \"{0}\" is refused")
    @ValueSource(strings = {"a.b.c", ".a", "a.", "Payloads", "x;drop table y", "a..b"})
    void aTableMustBeAnIdentifierWithAnOptionalSchema(String table) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> postgres(Map.of("realtime.postgres.table", table)));
        assertTrue(e.getMessage().contains("realtime.postgres.table=" + table), e.getMessage());
    }

    @Test
    void identifiersLongerThanPostgresKeepsAreRefused() {
        String name = "a".repeat(63);
        assertEquals(name, postgres(Map.of("realtime.postgres.channel", name)).channel());
        assertThrows(IllegalArgumentException.class, () -> postgres(Map.of("realtime.postgres.channel", name + "a")));
    }

    @ParameterizedTest(name = "inline limit {0} is refused")
    @ValueSource(strings = {"8000", "-1", "x"})
    void theInlineLimitStaysUnderNotifysLimit(String limit) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> postgres(Map.of("realtime.postgres.inline-limit", limit)));
        assertTrue(e.getMessage().contains("realtime.postgres.inline-limit"), e.getMessage());
    }

    @Test
    void transactionalPublishingNeedsADataSource() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> postgres(Map.of("realtime.postgres.transactional", "true")));
        assertTrue(e.getMessage().contains("realtime.postgres.datasource"), e.getMessage());
    }

    @Test
    void theUrlMustBeAPostgresJdbcUrl() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> postgres(Map.of("realtime.postgres.url", "postgres://127.0.0.1/db")));
        assertTrue(e.getMessage().contains("realtime.postgres.url"), e.getMessage());
    }

    @Test
    void theApplicationNameIsPrintableAndKeptToWhatPostgresKeeps() {
        PostgresSettings p = postgres(Map.of("realtime.node.id", "knoten-ü-" + "x".repeat(80)));
        String name = p.applicationName("publisher");
        assertEquals(63, name.length());
        assertTrue(name.startsWith("realtime knoten-?-xxx"), name);
    }
}
