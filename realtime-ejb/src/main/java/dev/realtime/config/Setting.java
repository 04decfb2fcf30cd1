package dev.realtime.config;

/**
 * Every configuration key of the module, with its default and a one-line description. This enum
 * is the single source of truth: {@link RealtimeSettings} reads it and the README's table mirrors
 * it (a unit test keeps the two in step). Values come from MicroProfile Config, so a system
 * property ({@code -Drealtime.app.key=…}) or an environment variable ({@code REALTIME_APP_KEY})
 * sets them.
 */
public enum Setting {
    APP_ID("realtime.app.id", "app", "Application id (the `{appId}` of the Pusher HTTP API)."),
    APP_KEY("realtime.app.key", "app-key", "Application key that clients connect with (`/app/{appKey}`)."),
    APP_SECRET(
            "realtime.app.secret",
            "",
            "Application secret for signatures. Empty: a random secret is generated at boot and a warning is logged."),
    NODE_ID(
            "realtime.node.id",
            "",
            "This node's id, carried by every message it publishes. Empty: `jboss.node.name`, else the host name."),
    TRANSPORTS(
            "realtime.transports",
            "websocket,sse,longpolling,socketio",
            "Enabled client transports (comma-separated); a disabled one answers 404 / close 4003."),
    BROKER("realtime.broker", "none", "Server-to-server broker: `none` (single node), `redis` or `kafka`."),
    BROKER_QUEUE(
            "realtime.broker.publish-queue",
            "10000",
            "Messages waiting to be sent to the broker; when it is full (broker down or slow) new ones are dropped and counted."),
    BROKER_BATCH("realtime.broker.publish-batch", "500", "Most messages sent to the broker in one round trip."),
    CONSUMER_BATCH("realtime.consumer.batch-size", "500", "Most messages one consumer poll returns."),
    REDIS_URL(
            "realtime.redis.url",
            "redis://127.0.0.1:6379",
            "Redis server: `redis://[user:password@]host:port[/db]`, `rediss://` for TLS."),
    REDIS_PREFIX(
            "realtime.redis.channel-prefix",
            "realtime:",
            "Prefix of the Redis Pub/Sub channels (`realtime:news`); nodes of one cluster share it."),
    REDIS_TIMEOUT("realtime.redis.timeout-ms", "2000", "Redis connect and command timeout, in milliseconds."),
    KAFKA_BOOTSTRAP("realtime.kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka bootstrap servers."),
    KAFKA_TOPIC_STRATEGY(
            "realtime.kafka.topic-strategy",
            "grouped",
            "`grouped` (channel globs map to a few topics) or `per-channel` (one topic per channel)."),
    KAFKA_TOPICS(
            "realtime.kafka.topics",
            "user.*=realtime-user,private-*=realtime-private,presence-*=realtime-presence",
            "Grouped strategy: `glob=topic[:partitions]` pairs, comma-separated, first match wins."),
    KAFKA_DEFAULT_TOPIC(
            "realtime.kafka.default-topic",
            "realtime-events",
            "Grouped strategy: the topic of channels no glob matches (`name[:partitions]`)."),
    KAFKA_TOPIC_PREFIX(
            "realtime.kafka.topic-prefix",
            "realtime.channel.",
            "Per-channel strategy: prefix of each channel's topic (the channel name is sanitized)."),
    KAFKA_PARTITIONS("realtime.kafka.partitions", "6", "Partitions of a topic this module creates."),
    KAFKA_REPLICATION(
            "realtime.kafka.replication-factor",
            "",
            "Replication factor of a topic this module creates; empty: the broker's default."),
    KAFKA_CREATE_TOPICS(
            "realtime.kafka.create-topics",
            "true",
            "Create missing topics (with the configured partitions); false: they must exist."),
    KAFKA_GROUP_PREFIX(
            "realtime.kafka.group-prefix",
            "realtime",
            "Consumer group is `<prefix>-<node id>`: one group per node, so every node sees every message."),
    KAFKA_LINGER("realtime.kafka.linger-ms", "5", "Producer `linger.ms`: how long a batch may wait to fill."),
    KAFKA_BATCH_BYTES("realtime.kafka.batch-bytes", "65536", "Producer `batch.size` in bytes."),
    PAYLOAD_LIMIT("realtime.limits.payload-bytes", "10240", "Largest event payload, in bytes of UTF-8 JSON."),
    CHANNEL_NAME_LIMIT("realtime.limits.channel-name-length", "164", "Longest channel name, in characters."),
    EVENT_NAME_LIMIT("realtime.limits.event-name-length", "200", "Longest event name, in characters."),
    CHANNELS_PER_CONNECTION(
            "realtime.limits.channels-per-connection", "100", "Most channels one connection may subscribe to."),
    OUTBOUND_QUEUE_LIMIT(
            "realtime.limits.outbound-queue",
            "1000",
            "Messages queued for one slow connection before it is closed (Pusher code 4100)."),
    PRIVATE_PATTERNS(
            "realtime.channels.private-patterns",
            "user.*",
            "Channel name globs treated like `private-` channels (comma-separated)."),
    ALLOWED_ORIGINS(
            "realtime.cors.allowed-origins",
            "",
            "Browser origins (e.g. `https://app.example.com`, comma-separated; `*` for any) allowed to call the HTTP endpoints and open WebSockets; empty: same origin only."),
    CLIENT_EVENTS_CHANNELS(
            "realtime.client-events.channels",
            "private-*,presence-*",
            "Channel globs on which clients may send `client-` events (comma-separated; empty: nowhere)."),
    CLIENT_EVENTS_RATE(
            "realtime.client-events.rate",
            "10",
            "Client events one connection may send per second; more are refused with Pusher error 4301."),
    ACTIVITY_TIMEOUT(
            "realtime.websocket.activity-timeout",
            "30",
            "Seconds of silence before a ping (announced to Pusher clients); keep it under WildFly's 90 s read-timeout."),
    PONG_TIMEOUT(
            "realtime.websocket.pong-timeout",
            "30",
            "Seconds to wait for any frame after a server ping before closing with 4201."),
    SSE_KEEPALIVE("realtime.sse.keepalive", "15", "Seconds between SSE keep-alive comments."),
    HISTORY_SIZE(
            "realtime.history.size",
            "1000",
            "Recent messages kept per node so SSE `Last-Event-ID` can resume; 0 disables resuming."),
    LONGPOLL_TIMEOUT("realtime.longpoll.timeout", "30", "Seconds a long-poll request waits before it returns empty."),
    LONGPOLL_BUFFER(
            "realtime.longpoll.buffer",
            "1000",
            "Messages buffered per long-poll client between polls; older ones are dropped and counted as `missed`."),
    LONGPOLL_EXPIRY(
            "realtime.longpoll.client-expiry",
            "90",
            "Seconds without a poll after which a long-poll client is forgotten."),
    SOCKETIO_PING_INTERVAL(
            "realtime.socketio.ping-interval",
            "25000",
            "Milliseconds between the Engine.IO pings the server sends (announced as `pingInterval`)."),
    SOCKETIO_PING_TIMEOUT(
            "realtime.socketio.ping-timeout",
            "20000",
            "Milliseconds a Socket.IO client has to answer a ping before its session is closed (`pingTimeout`)."),
    SOCKETIO_MAX_PAYLOAD(
            "realtime.socketio.max-payload",
            "1000000",
            "Largest Engine.IO message or polling request body a client may send, in bytes (`maxPayload`)."),
    SOCKETIO_UPGRADE_TIMEOUT(
            "realtime.socketio.upgrade-timeout",
            "10000",
            "Milliseconds a polling client has to finish its upgrade to WebSocket after the probe."),
    DEMO_ENABLED(
            "realtime.demo.enabled",
            "false",
            "Enables the demo page's publish endpoint (`POST /realtime/demo/broadcast`)."),
    ;

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /**
     * Whether the broker packages read this key (through {@link RealtimeSettings#source()}) rather
     * than {@link RealtimeSettings} itself: the {@code realtime.broker.*}, {@code realtime.consumer.*},
     * {@code realtime.redis.*} and {@code realtime.kafka.*} keys.
     */
    public boolean readByBroker() {
        return key.startsWith("realtime.broker.")
                || key.startsWith("realtime.consumer.")
                || key.startsWith("realtime.redis.")
                || key.startsWith("realtime.kafka.");
    }
}
