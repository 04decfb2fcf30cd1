package dev.realtime.config;

import dev.realtime.connection.OutboundPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The module's configuration, read once and immutable afterwards. Build it from MicroProfile Config
 * with {@link #from(Config)} or, in tests, from any lookup function with {@link #from(Function)}.
 * A malformed value fails fast with the key's name in the message. Broker packages read their own
 * keys through {@link #source()}.
 */
public record RealtimeSettings(
        String appId,
        String appKey,
        String appSecret,
        String nodeId,
        Set<String> transports,
        String broker,
        int payloadLimit,
        int channelNameLimit,
        int eventNameLimit,
        int channelsPerConnection,
        int outboundQueueLimit,
        OutboundPolicy outboundPolicy,
        int outboundBytes,
        long nodeOutboundBytes,
        int echoBytes,
        List<String> privatePatterns,
        List<String> allowedOrigins,
        List<String> clientEventChannels,
        int clientEventRate,
        Duration activityTimeout,
        Duration pongTimeout,
        WritePath webSocketWritePath,
        Duration sseKeepAlive,
        int historySize,
        Duration longPollTimeout,
        int longPollBuffer,
        Duration longPollExpiry,
        SocketIoSettings socketIo,
        AdmissionSettings admission,
        boolean demoEnabled,
        BodyLimits bodyLimits,
        ClusterSettings cluster,
        OpsSettings ops,
        OpsPageSettings opsPage,
        WebhookSettings webhooks,
        HistorySettings history,
        SettingReader source) {

    private static final Logger LOG = Logger.getLogger(RealtimeSettings.class.getName());

    public RealtimeSettings {
        transports = Set.copyOf(transports);
        privatePatterns = List.copyOf(privatePatterns);
        allowedOrigins = List.copyOf(allowedOrigins);
        clientEventChannels = List.copyOf(clientEventChannels);
    }

    /** Reads every {@link Setting} from MicroProfile Config. */
    public static RealtimeSettings from(Config config) {
        return from(new SettingReader(key -> config.getOptionalValue(key, String.class), config::getPropertyNames));
    }

    /** Reads the settings from a map of keys to values (tests, the standalone consumer). */
    public static RealtimeSettings from(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return from(new SettingReader(key -> Optional.ofNullable(copy.get(key)), copy::keySet));
    }

    /** Defaults for everything; handy in tests and for code that runs without a container. */
    public static RealtimeSettings defaults() {
        return from(key -> Optional.empty());
    }

    /** Reads every {@link Setting} through {@code lookup}; a missing key takes its default. */
    public static RealtimeSettings from(Function<String, Optional<String>> lookup) {
        return from(new SettingReader(lookup, Set::of));
    }

    private static RealtimeSettings from(SettingReader r) {
        return new RealtimeSettings(
                r.text(Setting.APP_ID),
                r.text(Setting.APP_KEY),
                secret(r.text(Setting.APP_SECRET)),
                nodeId(r.text(Setting.NODE_ID)),
                Set.copyOf(r.list(Setting.TRANSPORTS)),
                r.text(Setting.BROKER),
                r.positive(Setting.PAYLOAD_LIMIT),
                r.positive(Setting.CHANNEL_NAME_LIMIT),
                r.positive(Setting.EVENT_NAME_LIMIT),
                r.positive(Setting.CHANNELS_PER_CONNECTION),
                r.positive(Setting.OUTBOUND_QUEUE_LIMIT),
                r.option(Setting.OUTBOUND_POLICY, OutboundPolicy.class),
                r.positive(Setting.OUTBOUND_BYTES),
                r.number(Setting.NODE_OUTBOUND_BYTES, 1, Long.MAX_VALUE),
                r.positive(Setting.ECHO_BYTES),
                r.list(Setting.PRIVATE_PATTERNS),
                r.list(Setting.ALLOWED_ORIGINS),
                r.list(Setting.CLIENT_EVENTS_CHANNELS),
                r.positive(Setting.CLIENT_EVENTS_RATE),
                Duration.ofSeconds(r.positive(Setting.ACTIVITY_TIMEOUT)),
                Duration.ofSeconds(r.positive(Setting.PONG_TIMEOUT)),
                r.option(Setting.WEBSOCKET_WRITE_PATH, WritePath.class),
                Duration.ofSeconds(r.positive(Setting.SSE_KEEPALIVE)),
                r.integer(Setting.HISTORY_SIZE, 0),
                Duration.ofSeconds(r.positive(Setting.LONGPOLL_TIMEOUT)),
                r.positive(Setting.LONGPOLL_BUFFER),
                Duration.ofSeconds(r.positive(Setting.LONGPOLL_EXPIRY)),
                SocketIoSettings.from(r),
                AdmissionSettings.from(r),
                r.bool(Setting.DEMO_ENABLED),
                BodyLimits.from(r),
                ClusterSettings.from(r),
                OpsSettings.from(r),
                OpsPageSettings.from(r),
                WebhookSettings.from(r),
                HistorySettings.from(r),
                r);
    }

    /** Whether the named client transport ({@code websocket}, {@code sse}, {@code socketio}, …) is enabled. */
    public boolean transportEnabled(String name) {
        return transports.contains(name);
    }

    private static String secret(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        LOG.warning(() -> Setting.APP_SECRET.key() + " is not set: using a random secret for this boot only."
                + " Set it to the same value on every node.");
        return HexFormat.of().formatHex(random);
    }

    private static String nodeId(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        String jbossNode = System.getProperty("jboss.node.name");
        if (jbossNode != null && !jbossNode.isBlank()) {
            return jbossNode;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
