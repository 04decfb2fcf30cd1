package dev.realtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.connection.OutboundPolicy;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealtimeSettingsTest {

    private static Function<String, Optional<String>> lookup(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    private static RealtimeSettings with(String key, String value) {
        return RealtimeSettings.from(lookup(Map.of(key, value)));
    }

    private static int intDefault(Setting s) {
        return Integer.parseInt(s.defaultValue());
    }

    private static Duration secondsDefault(Setting s) {
        return Duration.ofSeconds(Long.parseLong(s.defaultValue()));
    }

    private static Duration millisDefault(Setting s) {
        return Duration.ofMillis(Long.parseLong(s.defaultValue()));
    }

    private static List<String> listDefault(Setting s) {
        return Arrays.stream(s.defaultValue().split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @EnumSource(Setting.class)
    void defaultsEqualEachSettingDefault(Setting s) {
        RealtimeSettings d = RealtimeSettings.defaults();
        switch (s) {
            case APP_ID -> assertEquals(s.defaultValue(), d.appId());
            case APP_KEY -> assertEquals(s.defaultValue(), d.appKey());
            case APP_SECRET -> {
                assertEquals("", s.defaultValue());
                assertFalse(d.appSecret().isEmpty(), "a secret is generated");
            }
            case NODE_ID -> {
                assertEquals("", s.defaultValue());
                assertFalse(d.nodeId().isBlank(), "a node id is derived");
            }
            case TRANSPORTS -> assertEquals(Set.copyOf(listDefault(s)), d.transports());
            case BROKER -> assertEquals(s.defaultValue(), d.broker());
            case PAYLOAD_LIMIT -> assertEquals(intDefault(s), d.payloadLimit());
            case CHANNEL_NAME_LIMIT -> assertEquals(intDefault(s), d.channelNameLimit());
            case EVENT_NAME_LIMIT -> assertEquals(intDefault(s), d.eventNameLimit());
            case CHANNELS_PER_CONNECTION -> assertEquals(intDefault(s), d.channelsPerConnection());
            case OUTBOUND_QUEUE_LIMIT -> assertEquals(intDefault(s), d.outboundQueueLimit());
            case OUTBOUND_POLICY -> assertEquals(s.defaultValue(), SettingReader.optionName(d.outboundPolicy()));
            case OUTBOUND_BYTES -> assertEquals(intDefault(s), d.outboundBytes());
            case NODE_OUTBOUND_BYTES -> assertEquals(Long.parseLong(s.defaultValue()), d.nodeOutboundBytes());
            case ECHO_BYTES -> assertEquals(intDefault(s), d.echoBytes());
            case WEBSOCKET_WRITE_PATH -> assertEquals(
                    s.defaultValue(), SettingReader.optionName(d.webSocketWritePath()));
            case PRIVATE_PATTERNS -> assertEquals(listDefault(s), d.privatePatterns());
            case ALLOWED_ORIGINS -> assertEquals(listDefault(s), d.allowedOrigins());
            case CLIENT_EVENTS_CHANNELS -> assertEquals(listDefault(s), d.clientEventChannels());
            case CLIENT_EVENTS_RATE -> assertEquals(intDefault(s), d.clientEventRate());
            case ACTIVITY_TIMEOUT -> assertEquals(secondsDefault(s), d.activityTimeout());
            case PONG_TIMEOUT -> assertEquals(secondsDefault(s), d.pongTimeout());
            case SSE_KEEPALIVE -> assertEquals(secondsDefault(s), d.sseKeepAlive());
            case HISTORY_SIZE -> assertEquals(intDefault(s), d.historySize());
            case LONGPOLL_TIMEOUT -> assertEquals(secondsDefault(s), d.longPollTimeout());
            case LONGPOLL_BUFFER -> assertEquals(intDefault(s), d.longPollBuffer());
            case LONGPOLL_EXPIRY -> assertEquals(secondsDefault(s), d.longPollExpiry());
            case SOCKETIO_PING_INTERVAL -> assertEquals(
                    millisDefault(s), d.socketIo().pingInterval());
            case SOCKETIO_PING_TIMEOUT -> assertEquals(
                    millisDefault(s), d.socketIo().pingTimeout());
            case SOCKETIO_MAX_PAYLOAD -> assertEquals(
                    intDefault(s), d.socketIo().maxPayload());
            case SOCKETIO_UPGRADE_TIMEOUT -> assertEquals(
                    millisDefault(s), d.socketIo().upgradeTimeout());
            case SOCKETIO_AUTH_URL -> {
                assertEquals("", s.defaultValue());
                assertNull(d.socketIo().authUrl(), "none: the authorizers decide in-process");
            }
            case ADMISSION_PER_ADDRESS -> assertEquals(
                    intDefault(s), d.admission().perAddress());
            case ADMISSION_PER_NODE -> assertEquals(intDefault(s), d.admission().perNode());
            case ADMISSION_RATE -> assertEquals(intDefault(s), d.admission().ratePerSecond());
            case ADMISSION_BURST -> assertEquals(intDefault(s), d.admission().burst());
            case ADMISSION_TRACKED -> assertEquals(intDefault(s), d.admission().trackedAddresses());
            case ADMISSION_TRUSTED_PROXIES -> assertEquals(
                    listDefault(s), d.admission().trustedProxies());
            case ADMISSION_IPV6_PREFIX -> assertEquals(
                    intDefault(s), d.admission().ipv6Prefix());
            case ADMISSION_RETRY_AFTER -> assertEquals(
                    intDefault(s), d.admission().retryAfterSeconds());
            case SOCKETIO_AUTH_HEADERS -> assertEquals(
                    Set.of("cookie", "authorization"), d.socketIo().auth().headers());
            case SOCKETIO_AUTH_TIMEOUT -> assertEquals(
                    millisDefault(s), d.socketIo().auth().timeout());
            case SOCKETIO_AUTH_RESPONSE_BYTES -> assertEquals(
                    intDefault(s), d.socketIo().auth().responseBytes());
            case SOCKETIO_AUTH_IN_FLIGHT -> assertEquals(
                    intDefault(s), d.socketIo().auth().inFlight());
            case SOCKETIO_NODE_AUTH_IN_FLIGHT -> assertEquals(
                    intDefault(s), d.socketIo().auth().nodeInFlight());
            case SOCKETIO_NAMESPACE_LENGTH -> assertEquals(
                    intDefault(s), d.socketIo().namespaceLength());
            case SOCKETIO_NAMESPACES -> assertEquals(intDefault(s), d.socketIo().namespaces());
            case SOCKETIO_PENDING_ACKS -> assertEquals(
                    intDefault(s), d.socketIo().pendingAcks());
            case DEMO_ENABLED -> assertEquals(Boolean.parseBoolean(s.defaultValue()), d.demoEnabled());
            case API_BODY_LIMIT -> assertEquals(intDefault(s), d.bodyLimits().apiBytes());
            case AUTH_BODY_LIMIT -> assertEquals(intDefault(s), d.bodyLimits().authBytes());
            case CLUSTER_REPLICATION -> assertEquals(
                    Boolean.parseBoolean(s.defaultValue()), d.cluster().replication());
            case CLUSTER_HEARTBEAT -> assertEquals(
                    (long) intDefault(s), d.cluster().heartbeat().toMillis());
            case CLUSTER_NODE_TTL -> assertEquals(
                    (long) intDefault(s), d.cluster().nodeTtl().toMillis());
            case CLUSTER_MAX_NODES -> assertEquals(intDefault(s), d.cluster().maxNodes());
            case HEALTH_CONSUMER_REQUIRED -> assertEquals(
                    Boolean.parseBoolean(s.defaultValue()), d.ops().consumerRequired());
            case HEALTH_MAX_LAG -> assertEquals(
                    Long.parseLong(s.defaultValue()), d.ops().maxLag());
            case METRICS_ENABLED -> assertEquals(
                    Boolean.parseBoolean(s.defaultValue()), d.ops().metricsEnabled());
            case OPS_ENABLED -> assertEquals(
                    Boolean.parseBoolean(s.defaultValue()), d.opsPage().enabled());
            case OPS_ROLE -> assertEquals(s.defaultValue(), d.opsPage().role());
            case OPS_INTERVAL -> assertEquals(
                    (long) intDefault(s), d.opsPage().interval().toMillis());
            case OPS_CHANNELS -> assertEquals(intDefault(s), d.opsPage().channels());
            case OPS_MAX_STREAMS -> assertEquals(intDefault(s), d.opsPage().maxStreams());
            case HISTORY_CHANNELS -> assertEquals(List.of(), d.history().channels());
            case HISTORY_TTL -> assertEquals(
                    Duration.ofSeconds(intDefault(s)), d.history().ttl());
            case HISTORY_MEMORY_BYTES -> assertEquals(
                    Long.parseLong(s.defaultValue()), d.history().memoryBytes());
            case DRAIN_GRACE -> assertEquals(
                    Long.parseLong(s.defaultValue()), d.ops().drainGrace().toMillis());
            case DRAIN_TIMEOUT -> assertEquals(
                    Long.parseLong(s.defaultValue()), d.ops().drainTimeout().toMillis());
            case WEBHOOK_URLS -> assertEquals(List.of(), d.webhooks().urls());
            case WEBHOOK_EVENTS -> assertEquals(
                    Set.copyOf(listDefault(s)), d.webhooks().events());
            case WEBHOOK_BATCH -> assertEquals(
                    (long) intDefault(s), d.webhooks().batch().toMillis());
            case WEBHOOK_BATCH_SIZE -> assertEquals(intDefault(s), d.webhooks().batchSize());
            case WEBHOOK_QUEUE -> assertEquals(intDefault(s), d.webhooks().queue());
            case WEBHOOK_TIMEOUT -> assertEquals(
                    (long) intDefault(s), d.webhooks().timeout().toMillis());
            case WEBHOOK_RETRY_FOR -> assertEquals(
                    (long) intDefault(s), d.webhooks().retryFor().toMillis());
            default -> assertTrue(s.readByBroker(), "no default check for " + s);
        }
    }

    @Test
    void documentedDefaultValues() {
        RealtimeSettings d = RealtimeSettings.defaults();
        assertEquals("app", d.appId());
        assertEquals("app-key", d.appKey());
        assertEquals(Set.of("websocket", "sse", "longpolling", "socketio"), d.transports());
        assertEquals("none", d.broker());
        assertEquals(10240, d.payloadLimit());
        assertEquals(164, d.channelNameLimit());
        assertEquals(200, d.eventNameLimit());
        assertEquals(100, d.channelsPerConnection());
        assertEquals(1000, d.outboundQueueLimit());
        assertEquals(OutboundPolicy.CLOSE, d.outboundPolicy());
        assertEquals(WritePath.AUTO, d.webSocketWritePath());
        assertEquals(List.of("user.*"), d.privatePatterns());
        assertEquals(Duration.ofSeconds(30), d.activityTimeout());
        assertEquals(Duration.ofSeconds(30), d.pongTimeout());
        assertEquals(Duration.ofSeconds(15), d.sseKeepAlive());
        assertEquals(1000, d.historySize());
        assertEquals(Duration.ofSeconds(30), d.longPollTimeout());
        assertEquals(1000, d.longPollBuffer());
        assertEquals(Duration.ofSeconds(90), d.longPollExpiry());
        assertEquals(Duration.ofMillis(25000), d.socketIo().pingInterval());
        assertEquals(Duration.ofMillis(20000), d.socketIo().pingTimeout());
        assertEquals(1_000_000, d.socketIo().maxPayload());
        assertEquals(Duration.ofMillis(10000), d.socketIo().upgradeTimeout());
        assertEquals(100, d.admission().perAddress());
        assertEquals(10_000, d.admission().perNode());
        assertEquals(20, d.admission().ratePerSecond());
        assertEquals(100, d.admission().burst());
        assertEquals(List.of(), d.admission().trustedProxies());
        assertFalse(d.demoEnabled());
        assertEquals(524288, d.bodyLimits().apiBytes());
        assertEquals(8192, d.bodyLimits().authBytes());
    }

    @Test
    void settingKeysAreUniqueAndDescribed() {
        Set<String> keys = new HashSet<>();
        for (Setting s : Setting.values()) {
            assertTrue(keys.add(s.key()), "duplicate key " + s.key());
            assertTrue(s.key().startsWith("realtime."), s.key());
            assertFalse(s.description().isBlank(), s.key());
        }
    }

    @Test
    void everySettingIsLookedUp() {
        List<String> asked = new ArrayList<>();
        RealtimeSettings.from(key -> {
            asked.add(key);
            return Optional.empty();
        });
        for (Setting s : Setting.values()) {
            assertTrue(s.readByBroker() || asked.contains(s.key()), s.key() + " was not read");
        }
    }

    @Test
    void everyValueCanBeOverridden() {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.app.id", "my-app");
        values.put("realtime.app.key", "my-key");
        values.put("realtime.app.secret", "s3cret");
        values.put("realtime.node.id", "node-7");
        values.put("realtime.transports", "websocket");
        values.put("realtime.broker", "redis");
        values.put("realtime.limits.payload-bytes", "2048");
        values.put("realtime.limits.channel-name-length", "50");
        values.put("realtime.limits.event-name-length", "60");
        values.put("realtime.limits.channels-per-connection", "7");
        values.put("realtime.limits.outbound-queue", "8");
        values.put("realtime.limits.outbound-policy", "drop");
        values.put("realtime.limits.outbound-bytes", "4096");
        values.put("realtime.limits.node-outbound-bytes", "8589934592");
        values.put("realtime.limits.echo-bytes", "21");
        values.put("realtime.channels.private-patterns", "team.*,admin.*");
        values.put("realtime.cors.allowed-origins", "https://a.example, https://b.example");
        values.put("realtime.client-events.channels", "presence-*");
        values.put("realtime.client-events.rate", "3");
        values.put("realtime.websocket.activity-timeout", "11");
        values.put("realtime.websocket.pong-timeout", "12");
        values.put("realtime.websocket.write-path", "portable");
        values.put("realtime.sse.keepalive", "13");
        values.put("realtime.history.size", "5");
        values.put("realtime.history.channels", "orders.*, cache-x");
        values.put("realtime.history.ttl", "PT2M");
        values.put("realtime.history.memory-bytes", "4096");
        values.put("realtime.longpoll.timeout", "14");
        values.put("realtime.longpoll.buffer", "15");
        values.put("realtime.longpoll.client-expiry", "16");
        values.put("realtime.socketio.ping-interval", "17");
        values.put("realtime.socketio.ping-timeout", "18");
        values.put("realtime.socketio.max-payload", "19");
        values.put("realtime.socketio.upgrade-timeout", "20");
        values.put("realtime.socketio.auth-url", "http://10.0.0.5:8080/app/broadcasting/auth");
        values.put("realtime.admission.connections-per-address", "21");
        values.put("realtime.admission.connections-per-node", "22");
        values.put("realtime.admission.handshake-rate", "23");
        values.put("realtime.admission.handshake-burst", "24");
        values.put("realtime.admission.tracked-addresses", "25");
        values.put("realtime.admission.trusted-proxies", "10.0.0.0/8, ::1");
        values.put("realtime.admission.ipv6-prefix", "48");
        values.put("realtime.admission.retry-after", "26");
        values.put("realtime.socketio.auth-headers", "Authorization, X-Test-User");
        values.put("realtime.socketio.auth-timeout", "21");
        values.put("realtime.socketio.auth-response-bytes", "22");
        values.put("realtime.socketio.auth-in-flight", "23");
        values.put("realtime.socketio.node-auth-in-flight", "24");
        values.put("realtime.socketio.namespace-length", "25");
        values.put("realtime.socketio.namespaces", "26");
        values.put("realtime.socketio.pending-acks", "27");
        values.put("realtime.demo.enabled", "true");
        values.put("realtime.limits.api-body-bytes", "21");
        values.put("realtime.limits.auth-body-bytes", "22");
        values.put("realtime.cluster.replication", "false");
        values.put("realtime.cluster.heartbeat-ms", "1000");
        values.put("realtime.cluster.node-ttl-ms", "2000");
        values.put("realtime.cluster.max-nodes", "3");
        values.put("realtime.health.consumer-required", "true");
        values.put("realtime.health.max-lag", "1000");
        values.put("realtime.metrics.enabled", "false");
        values.put("realtime.ops.enabled", "true");
        values.put("realtime.ops.role", "admins");
        values.put("realtime.ops.interval-ms", "250");
        values.put("realtime.ops.channels", "3");
        values.put("realtime.ops.max-streams", "2");
        values.put("realtime.drain.grace-ms", "41");
        values.put("realtime.drain.timeout-ms", "42");
        values.put("realtime.webhooks.urls", "http://127.0.0.1:9/hooks, https://hooks.example.com/pusher");
        values.put("realtime.webhooks.events", "member_added,client_event");
        values.put("realtime.webhooks.batch-ms", "31");
        values.put("realtime.webhooks.batch-size", "32");
        values.put("realtime.webhooks.queue", "33");
        values.put("realtime.webhooks.timeout-ms", "34");
        values.put("realtime.webhooks.retry-for-ms", "35");
        for (Setting s : Setting.values()) {
            assertTrue(s.readByBroker() || values.containsKey(s.key()), "test does not override " + s.key());
        }

        RealtimeSettings r = RealtimeSettings.from(lookup(values));
        assertEquals("my-app", r.appId());
        assertEquals("my-key", r.appKey());
        assertEquals("s3cret", r.appSecret());
        assertEquals("node-7", r.nodeId());
        assertEquals(Set.of("websocket"), r.transports());
        assertEquals("redis", r.broker());
        assertEquals(2048, r.payloadLimit());
        assertEquals(50, r.channelNameLimit());
        assertEquals(60, r.eventNameLimit());
        assertEquals(7, r.channelsPerConnection());
        assertEquals(8, r.outboundQueueLimit());
        assertEquals(OutboundPolicy.DROP, r.outboundPolicy());
        assertEquals(4096, r.outboundBytes());
        assertEquals(8_589_934_592L, r.nodeOutboundBytes());
        assertEquals(21, r.echoBytes());
        assertEquals(List.of("team.*", "admin.*"), r.privatePatterns());
        assertEquals(List.of("https://a.example", "https://b.example"), r.allowedOrigins());
        assertEquals(List.of("presence-*"), r.clientEventChannels());
        assertEquals(3, r.clientEventRate());
        assertEquals(Duration.ofSeconds(11), r.activityTimeout());
        assertEquals(Duration.ofSeconds(12), r.pongTimeout());
        assertEquals(WritePath.PORTABLE, r.webSocketWritePath());
        assertEquals(Duration.ofSeconds(13), r.sseKeepAlive());
        assertEquals(5, r.historySize());
        assertEquals(new HistorySettings(List.of("orders.*", "cache-x"), 5, Duration.ofMinutes(2), 4096), r.history());
        assertEquals(Duration.ofSeconds(14), r.longPollTimeout());
        assertEquals(15, r.longPollBuffer());
        assertEquals(Duration.ofSeconds(16), r.longPollExpiry());
        assertEquals(Duration.ofMillis(17), r.socketIo().pingInterval());
        assertEquals(Duration.ofMillis(18), r.socketIo().pingTimeout());
        assertEquals(19, r.socketIo().maxPayload());
        assertEquals(Duration.ofMillis(20), r.socketIo().upgradeTimeout());
        assertEquals(
                java.net.URI.create("http://10.0.0.5:8080/app/broadcasting/auth"),
                r.socketIo().authUrl());
        assertEquals(new AdmissionSettings(21, 22, 23, 24, 25, List.of("10.0.0.0/8", "::1"), 48, 26), r.admission());
        assertEquals(Set.of("authorization", "x-test-user"), r.socketIo().auth().headers());
        assertEquals(Duration.ofMillis(21), r.socketIo().auth().timeout());
        assertEquals(22, r.socketIo().auth().responseBytes());
        assertEquals(23, r.socketIo().auth().inFlight());
        assertEquals(24, r.socketIo().auth().nodeInFlight());
        assertEquals(25, r.socketIo().namespaceLength());
        assertEquals(26, r.socketIo().namespaces());
        assertEquals(27, r.socketIo().pendingAcks());
        assertTrue(r.demoEnabled());
        assertEquals(new BodyLimits(21, 22), r.bodyLimits());
        assertEquals(new ClusterSettings(false, Duration.ofSeconds(1), Duration.ofSeconds(2), 3), r.cluster());
        assertEquals(new OpsSettings(true, 1000, false, Duration.ofMillis(41), Duration.ofMillis(42)), r.ops());
        assertEquals(new OpsPageSettings(true, "admins", Duration.ofMillis(250), 3, 2), r.opsPage());
        assertEquals(
                new WebhookSettings(
                        List.of(URI.create("http://127.0.0.1:9/hooks"), URI.create("https://hooks.example.com/pusher")),
                        Set.of("member_added", "client_event"),
                        Duration.ofMillis(31),
                        32,
                        33,
                        Duration.ofMillis(34),
                        Duration.ofMillis(35)),
                r.webhooks());
    }

    @Test
    void valuesAreTrimmed() {
        Map<String, String> values = Map.of(
                "realtime.limits.payload-bytes", "  512 ",
                "realtime.app.key", "  spaced\t",
                "realtime.transports", " websocket , ,sse ,",
                "realtime.channels.private-patterns", " ",
                "realtime.demo.enabled", " TRUE ");
        RealtimeSettings r = RealtimeSettings.from(lookup(values));
        assertEquals(512, r.payloadLimit());
        assertEquals("spaced", r.appKey());
        assertEquals(Set.of("websocket", "sse"), r.transports());
        assertEquals(List.of(), r.privatePatterns());
        assertTrue(r.demoEnabled());
    }

    @Test
    void transportEnabled() {
        RealtimeSettings d = RealtimeSettings.defaults();
        assertTrue(d.transportEnabled("websocket"));
        assertTrue(d.transportEnabled("sse"));
        assertTrue(d.transportEnabled("longpolling"));
        assertFalse(d.transportEnabled("memory"));
        RealtimeSettings sseOnly = with("realtime.transports", "sse");
        assertTrue(sseOnly.transportEnabled("sse"));
        assertFalse(sseOnly.transportEnabled("websocket"));
    }

    static Stream<Arguments> malformedNumbers() {
        List<String> positiveKeys = List.of(
                Setting.PAYLOAD_LIMIT.key(),
                Setting.CHANNEL_NAME_LIMIT.key(),
                Setting.EVENT_NAME_LIMIT.key(),
                Setting.CHANNELS_PER_CONNECTION.key(),
                Setting.OUTBOUND_QUEUE_LIMIT.key(),
                Setting.ACTIVITY_TIMEOUT.key(),
                Setting.PONG_TIMEOUT.key(),
                Setting.SSE_KEEPALIVE.key(),
                Setting.LONGPOLL_TIMEOUT.key(),
                Setting.LONGPOLL_BUFFER.key(),
                Setting.LONGPOLL_EXPIRY.key(),
                Setting.SOCKETIO_PING_INTERVAL.key(),
                Setting.SOCKETIO_PING_TIMEOUT.key(),
                Setting.SOCKETIO_MAX_PAYLOAD.key(),
                Setting.SOCKETIO_UPGRADE_TIMEOUT.key());
        List<String> bad = List.of("abc", "", "1.5", "10k", "0", "-1", "99999999999", "0x10", "1 000");
        List<Arguments> args = new ArrayList<>();
        for (String key : positiveKeys) {
            for (String value : bad) {
                args.add(Arguments.of(key, value));
            }
        }
        for (String value : List.of("abc", "", "-1", "2.0", "99999999999")) {
            args.add(Arguments.of(Setting.HISTORY_SIZE.key(), value));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("malformedNumbers")
    void malformedNumbersFailWithTheKeyName(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("=" + value.trim()), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"localhost:8080/broadcasting/auth", "ftp://host/auth", "/broadcasting/auth", "http://"})
    void malformedAuthUrlsFailWithTheKeyName(String value) {
        String key = Setting.SOCKETIO_AUTH_URL.key();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key, value));
        assertTrue(e.getMessage().contains(key + "=" + value), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @CsvSource({
        "realtime.ops.interval-ms, 99",
        "realtime.ops.interval-ms, 60001",
        "realtime.ops.channels, 0",
        "realtime.ops.channels, 101",
        "realtime.ops.max-streams, 0",
        "realtime.ops.max-streams, 101",
        "realtime.ops.role, ''"
    })
    void opsPageSettingsAreBounded(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void historySizeMayBeZero() {
        assertEquals(0, with(Setting.HISTORY_SIZE.key(), "0").historySize());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"yes", "no", "1", "0", "", "on", "truee", "t"})
    void malformedBooleansFailWithTheKeyName(String value) {
        String key = Setting.DEMO_ENABLED.key();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"true", "TRUE", "True", "false", "FALSE", "False"})
    void booleansAreCaseInsensitive(String value) {
        assertEquals(
                Boolean.parseBoolean(value),
                with(Setting.DEMO_ENABLED.key(), value).demoEnabled());
    }

    @Test
    void nodeIdDefaultIsNonEmptyAndOverridable() {
        assertFalse(RealtimeSettings.defaults().nodeId().isBlank());
        assertEquals("n1", with(Setting.NODE_ID.key(), "n1").nodeId());
        assertEquals("n2", with(Setting.NODE_ID.key(), " n2 ").nodeId());
        assertFalse(with(Setting.NODE_ID.key(), "  ").nodeId().isBlank(), "blank counts as unset");
    }

    @Test
    void nodeIdFallsBackToJbossNodeName() {
        String previous = System.getProperty("jboss.node.name");
        System.setProperty("jboss.node.name", "wildfly-node-3");
        try {
            assertEquals("wildfly-node-3", RealtimeSettings.defaults().nodeId());
            assertEquals("explicit", with(Setting.NODE_ID.key(), "explicit").nodeId());
        } finally {
            if (previous == null) {
                System.clearProperty("jboss.node.name");
            } else {
                System.setProperty("jboss.node.name", previous);
            }
        }
    }

    @Test
    void randomSecretIsGeneratedWhenEmpty() {
        String a = RealtimeSettings.defaults().appSecret();
        String b = RealtimeSettings.defaults().appSecret();
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertTrue(b.matches("[0-9a-f]{32}"), b);
        assertNotEquals(a, b, "each boot gets a fresh random secret");
        assertTrue(with(Setting.APP_SECRET.key(), "").appSecret().matches("[0-9a-f]{32}"));
        assertTrue(with(Setting.APP_SECRET.key(), "   ").appSecret().matches("[0-9a-f]{32}"));
        assertEquals("configured", with(Setting.APP_SECRET.key(), "configured").appSecret());
    }

    @Test
    void collectionsAreImmutableCopies() {
        List<String> patterns = new ArrayList<>(List.of("a.*"));
        Set<String> transports = new HashSet<>(Set.of("sse"));
        RealtimeSettings d = RealtimeSettings.defaults();
        RealtimeSettings r = new RealtimeSettings(
                d.appId(),
                d.appKey(),
                d.appSecret(),
                d.nodeId(),
                transports,
                d.broker(),
                d.payloadLimit(),
                d.channelNameLimit(),
                d.eventNameLimit(),
                d.channelsPerConnection(),
                d.outboundQueueLimit(),
                d.outboundPolicy(),
                d.outboundBytes(),
                d.nodeOutboundBytes(),
                d.echoBytes(),
                patterns,
                d.allowedOrigins(),
                d.clientEventChannels(),
                d.clientEventRate(),
                d.activityTimeout(),
                d.pongTimeout(),
                d.webSocketWritePath(),
                d.sseKeepAlive(),
                d.historySize(),
                d.longPollTimeout(),
                d.longPollBuffer(),
                d.longPollExpiry(),
                d.socketIo(),
                d.admission(),
                d.demoEnabled(),
                d.bodyLimits(),
                d.cluster(),
                d.ops(),
                d.opsPage(),
                d.webhooks(),
                d.history(),
                d.source());
        patterns.add("b.*");
        transports.add("websocket");
        assertEquals(List.of("a.*"), r.privatePatterns());
        assertEquals(Set.of("sse"), r.transports());
        assertThrows(
                UnsupportedOperationException.class, () -> r.privatePatterns().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> r.transports().add("x"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> RealtimeSettings.defaults().transports().clear());
    }

    @Test
    void readsMicroProfileConfig() {
        Map<String, String> values = Map.of("realtime.app.key", "from-config", "realtime.limits.outbound-queue", "3");
        Config config = (Config) Proxy.newProxyInstance(
                Config.class.getClassLoader(), new Class<?>[] {Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getOptionalValue")) {
                        assertEquals(String.class, args[1]);
                        return Optional.ofNullable(values.get((String) args[0]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RealtimeSettings r = RealtimeSettings.from(config);
        assertEquals("from-config", r.appKey());
        assertEquals(3, r.outboundQueueLimit());
        assertEquals(10240, r.payloadLimit());
    }

    @Test
    void writePathAndOutboundPolicyAreParsedCaseInsensitively() {
        assertEquals(
                WritePath.NATIVE,
                with("realtime.websocket.write-path", "native").webSocketWritePath());
        assertEquals(
                WritePath.PORTABLE,
                with("realtime.websocket.write-path", " Portable ").webSocketWritePath());
        assertEquals(
                WritePath.AUTO, with("realtime.websocket.write-path", "auto").webSocketWritePath());
        assertEquals(
                OutboundPolicy.DROP,
                with("realtime.limits.outbound-policy", "drop").outboundPolicy());
        assertEquals(
                OutboundPolicy.CLOSE,
                with("realtime.limits.outbound-policy", "CLOSE").outboundPolicy());
    }

    @Test
    void aBadWritePathOrPolicyNamesTheKeyAndTheChoices() {
        IllegalArgumentException path =
                assertThrows(IllegalArgumentException.class, () -> with("realtime.websocket.write-path", "undertow"));
        assertEquals(
                "Configuration realtime.websocket.write-path=undertow must be one of [auto, portable, native]",
                path.getMessage());
        IllegalArgumentException policy =
                assertThrows(IllegalArgumentException.class, () -> with("realtime.limits.outbound-policy", "block"));
        assertEquals(
                "Configuration realtime.limits.outbound-policy=block must be one of [close, drop]",
                policy.getMessage());
    }
}
