package dev.realtime.broker.nats;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.config.SettingReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The NATS broker's configuration.
 *
 * @param servers the server URLs ({@code nats://[user:password@]host:port}, {@code tls://…})
 * @param prefix the first subject token(s): {@code <prefix>.<channel>}
 * @param jetStream JetStream (at least once, replay) instead of core NATS (at most once)
 * @param stream the JetStream stream, which takes {@code <prefix>.>}
 * @param streamMaxAge how long the stream keeps a message
 * @param replicas stream replicas (a clustered JetStream)
 * @param durable this node's durable consumer, {@code <durable-prefix>-<node id>} made legal
 * @param ackWait how long a delivered, unacknowledged message waits before it is delivered again
 * @param timeout connect, flush and JetStream request timeout
 * @param reconnectWait pause between reconnect attempts of the NATS client
 * @param publishQueue capacity of the publish hand-off
 * @param publishBatch most messages sent per flush
 */
public record NatsSettings(
        List<String> servers,
        String prefix,
        boolean jetStream,
        String stream,
        Duration streamMaxAge,
        int replicas,
        String durable,
        Duration ackWait,
        Duration timeout,
        Duration reconnectWait,
        int publishQueue,
        int publishBatch) {

    public static NatsSettings from(RealtimeSettings settings) {
        SettingReader r = settings.source();
        List<String> servers = r.list(Setting.NATS_URL);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.NATS_URL.key() + " names no server");
        }
        for (String server : servers) {
            if (!server.matches("(?i)(nats|tls|ws|wss|opentls)://.+")) {
                throw new IllegalArgumentException("Configuration " + Setting.NATS_URL.key() + "=" + server
                        + " must look like nats://host:port (tls:// for TLS; comma-separated for a cluster)");
            }
        }
        String prefix = r.text(Setting.NATS_PREFIX);
        if (!NatsSubjects.legalPrefix(prefix)) {
            throw new IllegalArgumentException("Configuration " + Setting.NATS_PREFIX.key() + "=" + prefix
                    + " must be dot-separated subject tokens without *, >, ~ or spaces");
        }
        String stream = r.text(Setting.NATS_STREAM);
        if (!NatsSubjects.legalName(stream)) {
            throw new IllegalArgumentException("Configuration " + Setting.NATS_STREAM.key() + "=" + stream
                    + " must be a stream name of A-Z a-z 0-9 _ -");
        }
        Duration ackWait = r.millis(Setting.NATS_ACK_WAIT);
        if (ackWait.toMillis() < 1000) {
            throw new IllegalArgumentException(
                    "Configuration " + Setting.NATS_ACK_WAIT.key() + " must be at least 1000 (ms)");
        }
        Duration timeout = r.millis(Setting.NATS_TIMEOUT);
        if (timeout.isZero()) {
            throw new IllegalArgumentException("Configuration " + Setting.NATS_TIMEOUT.key() + " must be > 0");
        }
        return new NatsSettings(
                servers,
                prefix,
                r.bool(Setting.NATS_JETSTREAM),
                stream,
                maxAge(r),
                (int) r.number(Setting.NATS_REPLICAS, 1, 5),
                NatsSubjects.safeName(r.text(Setting.NATS_DURABLE_PREFIX) + "-" + settings.nodeId()),
                ackWait,
                timeout,
                r.millis(Setting.NATS_RECONNECT_WAIT),
                r.positive(Setting.BROKER_QUEUE),
                r.positive(Setting.BROKER_BATCH));
    }

    /** The subject of {@code channel}'s messages. */
    public String subject(String channel) {
        return NatsSubjects.subject(prefix, channel);
    }

    /** Every subject of this cluster: what the stream takes. */
    public String allSubjects() {
        return prefix + ".>";
    }

    /** Seconds, or an ISO-8601 duration ({@code PT24H}); 0 keeps messages until the stream's limits. */
    private static Duration maxAge(SettingReader r) {
        String value = r.text(Setting.NATS_STREAM_MAX_AGE);
        try {
            Duration age = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (!age.isNegative()) {
                return age;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Configuration " + Setting.NATS_STREAM_MAX_AGE.key() + "=" + value
                + " must be seconds or an ISO-8601 duration such as PT24H");
    }
}
