package dev.realtime.broker.rabbitmq;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.config.SettingReader;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The RabbitMQ broker's configuration.
 *
 * @param uri the server, {@code amqp://user:password@host:port/vhost} or {@code amqps://}
 * @param nodeId this node's id: it names the node's queue and connections
 * @param exchange the topic exchange every node publishes to
 * @param durable whether each node's queue survives its consumer (at least once) or is exclusive
 *     to it (at most once)
 * @param queuePrefix durable mode: the node's queue is {@code <prefix>.<nodeId>}
 * @param prefetch unacknowledged deliveries the server sends a consumer ahead
 * @param confirmTimeout how long a published batch waits for its publisher confirms
 * @param connectTimeout TCP connect and AMQP handshake timeout
 * @param heartbeatSeconds the requested AMQP heartbeat, 0 for none
 * @param routing the channel ↔ routing key mapping
 * @param publishQueue capacity of the publish hand-off
 * @param publishBatch most messages published before one wait for confirms
 */
public record RabbitSettings(
        URI uri,
        String nodeId,
        String exchange,
        boolean durable,
        String queuePrefix,
        int prefetch,
        Duration confirmTimeout,
        Duration connectTimeout,
        int heartbeatSeconds,
        RoutingKeys routing,
        int publishQueue,
        int publishBatch) {

    public static final String EXCLUSIVE = "exclusive";
    public static final String DURABLE = "durable";

    public static RabbitSettings from(RealtimeSettings settings) {
        SettingReader r = settings.source();
        String text = r.text(Setting.RABBITMQ_URI);
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Configuration " + Setting.RABBITMQ_URI.key() + "=" + text + " is not a URI");
        }
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Configuration " + Setting.RABBITMQ_URI.key() + "=" + text
                    + " must look like amqp://user:password@host:port/vhost (or amqps:// for TLS)");
        }
        String exchange = r.text(Setting.RABBITMQ_EXCHANGE);
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.RABBITMQ_EXCHANGE.key()
                    + " must name an exchange (the default exchange cannot route by pattern)");
        }
        String prefix = r.text(Setting.RABBITMQ_QUEUE_PREFIX);
        String queueName = prefix + "." + settings.nodeId();
        if (queueName.length() > RoutingKeys.MAX_LENGTH || queueName.startsWith("amq.")) {
            throw new IllegalArgumentException("Configuration " + Setting.RABBITMQ_QUEUE_PREFIX.key() + "=" + prefix
                    + ": the node's queue " + queueName + " must be at most 255 characters and not start with amq.");
        }
        return new RabbitSettings(
                uri,
                settings.nodeId(),
                exchange,
                DURABLE.equals(r.choice(Setting.RABBITMQ_QUEUE_MODE, Set.of(EXCLUSIVE, DURABLE))),
                prefix,
                (int) r.number(Setting.RABBITMQ_PREFETCH, 1, 65_535),
                Duration.ofMillis(r.number(Setting.RABBITMQ_CONFIRM_TIMEOUT, 1, Integer.MAX_VALUE)),
                Duration.ofMillis(r.number(Setting.RABBITMQ_CONNECT_TIMEOUT, 1, Integer.MAX_VALUE)),
                (int) r.number(Setting.RABBITMQ_HEARTBEAT, 0, 65_535),
                new RoutingKeys(settings.channelNameLimit()),
                r.positive(Setting.BROKER_QUEUE),
                r.positive(Setting.BROKER_BATCH));
    }

    /** Durable mode: this node's queue. */
    public String queueName() {
        return queuePrefix + "." + nodeId;
    }

    /** The {@code connection_name} the server shows for one of this node's connections. */
    String connectionName(String role) {
        return "realtime " + nodeId + " " + role;
    }
}
