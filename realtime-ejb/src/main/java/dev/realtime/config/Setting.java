package dev.realtime.config;

/**
 * Every configuration key of the module, with its default and a one-line description. This enum
 * is the single source of truth: {@link RealtimeSettings} reads it and the table in
 * {@code docs/configuration.md} is it rendered (a unit test keeps the two in step). Values come
 * from MicroProfile Config, so a system property ({@code -Drealtime.app.key=…}) or an environment
 * variable ({@code REALTIME_APP_KEY}) sets them. Its length is the number of settings: one
 * constant each, kept together on purpose.
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
    BROKER(
            "realtime.broker",
            "none",
            "Server-to-server broker: `none` (single node), `redis`, `kafka`, `rabbitmq`, `nats` or `postgres`."),
    BROKER_QUEUE(
            "realtime.broker.publish-queue",
            "10000",
            "Messages waiting to be sent to the broker; when it is full (broker down or slow) new ones are dropped and counted."),
    BROKER_BATCH("realtime.broker.publish-batch", "500", "Most messages sent to the broker in one round trip."),
    BROKER_UNSIGNED(
            "realtime.broker.unsigned",
            "deliver",
            "A consumed message without a valid node signature: `deliver` it as an ordinary event (its `origin`, `except` and `user` ignored, reserved events refused) or `refuse` it; both are counted."),
    CLUSTER_REPLICATION(
            "realtime.cluster.replication",
            "true",
            "Whether the nodes share presence, counts and users through the broker (`realtime-internal-cluster` channel); `false`: each node answers for itself only and sends nothing of its own."),
    CLUSTER_HEARTBEAT(
            "realtime.cluster.heartbeat-ms",
            "5000",
            "Milliseconds between the heartbeats each node sends on the broker (with its connection count); 100 to 3600000."),
    CLUSTER_NODE_TTL(
            "realtime.cluster.node-ttl-ms",
            "15000",
            "Milliseconds without a message from a node after which the others evict it: its presence members leave (`member_removed`) and its counts no longer count. At least twice the heartbeat."),
    CLUSTER_MAX_NODES(
            "realtime.cluster.max-nodes",
            "64",
            "Other nodes one node keeps presence and counts for; messages from more are ignored and counted."),
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
    POSTGRES_URL(
            "realtime.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres",
            "PostgreSQL JDBC URL of the LISTEN/NOTIFY broker; notifications stay inside this one database."),
    POSTGRES_USER("realtime.postgres.user", "postgres", "PostgreSQL user of the broker's own connections."),
    POSTGRES_PASSWORD("realtime.postgres.password", "", "Password of that user; empty: none (trust, or `.pgpass`)."),
    POSTGRES_CHANNEL(
            "realtime.postgres.channel",
            "realtime",
            "The NOTIFY channel (a lower-case identifier); nodes of one cluster share it, another one is another cluster."),
    POSTGRES_TABLE(
            "realtime.postgres.table",
            "realtime_payloads",
            "Table (`name` or `schema.name`, created if missing) for messages too large for a notification."),
    POSTGRES_INLINE_LIMIT(
            "realtime.postgres.inline-limit",
            "7999",
            "Largest message in bytes sent inside the notification (NOTIFY allows 7999); larger ones go through the table."),
    POSTGRES_RETENTION(
            "realtime.postgres.retention-ms",
            "300000",
            "How long a large message's row is kept, in milliseconds; the publisher deletes older rows (at most once a minute)."),
    POSTGRES_TIMEOUT(
            "realtime.postgres.timeout-ms", "5000", "PostgreSQL connect and statement timeout, in milliseconds."),
    POSTGRES_DATASOURCE(
            "realtime.postgres.datasource",
            "",
            "JNDI name of a non-XA JTA DataSource on the same database, used only for transactional publishing."),
    POSTGRES_TRANSACTIONAL(
            "realtime.postgres.transactional",
            "false",
            "Inside an active JTA transaction, publish through `datasource` so nodes are notified on commit only."),
    RABBITMQ_URI(
            "realtime.rabbitmq.uri",
            "amqp://guest:guest@127.0.0.1:5672/%2F",
            "RabbitMQ server: `amqp://user:password@host:port/vhost` (vhost URL-encoded, `%2F` is `/`), `amqps://` for TLS."),
    RABBITMQ_EXCHANGE(
            "realtime.rabbitmq.exchange",
            "realtime",
            "Durable topic exchange every node publishes to; the routing key is the channel name."),
    RABBITMQ_QUEUE_MODE(
            "realtime.rabbitmq.queue-mode",
            "exclusive",
            "`exclusive` (a node's queue lives as long as its consumer: at most once) or `durable` (it survives: at least once)."),
    RABBITMQ_QUEUE_PREFIX(
            "realtime.rabbitmq.queue-prefix", "realtime", "Durable mode: each node's queue is `<prefix>.<node id>`."),
    RABBITMQ_PREFETCH(
            "realtime.rabbitmq.prefetch",
            "1000",
            "Unacknowledged messages RabbitMQ sends a consumer ahead (`basic.qos`); also bounds its buffer."),
    RABBITMQ_CONFIRM_TIMEOUT(
            "realtime.rabbitmq.confirm-timeout-ms",
            "10000",
            "How long a published batch may wait for the publisher confirms before it is retried, in milliseconds."),
    RABBITMQ_CONNECT_TIMEOUT(
            "realtime.rabbitmq.connect-timeout-ms", "5000", "TCP connect and AMQP handshake timeout, in milliseconds."),
    RABBITMQ_HEARTBEAT(
            "realtime.rabbitmq.heartbeat-seconds",
            "15",
            "AMQP heartbeat: a silent peer is taken for dead after about twice this; 0 turns heartbeats off."),
    NATS_URL(
            "realtime.nats.url",
            "nats://127.0.0.1:4222",
            "NATS server(s): `nats://[user:password@]host:port`, `tls://` for TLS, comma-separated for a cluster."),
    NATS_PREFIX(
            "realtime.nats.subject-prefix",
            "realtime",
            "First subject token(s): channel `user.42` travels on `realtime.user.42`; nodes of one cluster share it."),
    NATS_JETSTREAM(
            "realtime.nats.jetstream",
            "false",
            "`true`: JetStream (stream and a durable consumer per node, at least once); `false`: core NATS (at most once)."),
    NATS_STREAM(
            "realtime.nats.stream", "REALTIME", "JetStream: the stream (created if missing) that takes `<prefix>.>`."),
    NATS_STREAM_MAX_AGE(
            "realtime.nats.stream-max-age",
            "86400",
            "JetStream: how long the stream keeps messages, in seconds or ISO-8601 (`PT24H`), for a node that was away."),
    NATS_REPLICAS("realtime.nats.stream-replicas", "1", "JetStream: replicas of the stream this module creates."),
    NATS_DURABLE_PREFIX(
            "realtime.nats.durable-prefix",
            "realtime",
            "JetStream: this node's durable consumer is `<prefix>-<node id>` (characters NATS forbids become `_`)."),
    NATS_ACK_WAIT(
            "realtime.nats.ack-wait-ms",
            "30000",
            "JetStream: milliseconds before a delivered but unacknowledged message is delivered again."),
    NATS_TIMEOUT(
            "realtime.nats.timeout-ms", "2000", "NATS connect, flush and JetStream request timeout, in milliseconds."),
    NATS_RECONNECT_WAIT(
            "realtime.nats.reconnect-wait-ms", "1000", "Milliseconds between the NATS client's reconnect attempts."),
    PAYLOAD_LIMIT("realtime.limits.payload-bytes", "10240", "Largest event payload, in bytes of UTF-8 JSON."),
    API_BODY_LIMIT(
            "realtime.limits.api-body-bytes",
            "524288",
            "Largest Pusher HTTP API request body (`/apps/{id}/events`, `batch_events`), in bytes; larger ones get 413 before they are read."),
    AUTH_BODY_LIMIT(
            "realtime.limits.auth-body-bytes",
            "8192",
            "Largest channel-auth / user-auth form body (`/broadcasting/auth`, `/pusher/auth`, …), in bytes; larger ones get 413."),
    CHANNEL_NAME_LIMIT("realtime.limits.channel-name-length", "164", "Longest channel name, in characters."),
    EVENT_NAME_LIMIT("realtime.limits.event-name-length", "200", "Longest event name, in characters."),
    CHANNELS_PER_CONNECTION(
            "realtime.limits.channels-per-connection", "100", "Most channels one connection may subscribe to."),
    ADMISSION_PER_ADDRESS(
            "realtime.admission.connections-per-address",
            "100",
            "Open connections (WebSockets, SSE streams, long-poll clients, Engine.IO sessions) one client address may hold; more are refused (HTTP 429, Pusher close 4004)."),
    ADMISSION_PER_NODE(
            "realtime.admission.connections-per-node",
            "10000",
            "Open connections this node accepts over every transport; more are refused (HTTP 503, Pusher close 4100)."),
    ADMISSION_RATE(
            "realtime.admission.handshake-rate",
            "20",
            "Handshakes (new connections) per second one client address may make on average; more are refused (HTTP 429, Pusher close 4301)."),
    ADMISSION_BURST(
            "realtime.admission.handshake-burst",
            "100",
            "Handshakes one client address may make at once before `handshake-rate` applies (the token bucket's size)."),
    ADMISSION_TRACKED(
            "realtime.admission.tracked-addresses",
            "50000",
            "Client addresses tracked at once; when full, idle ones are forgotten, and a new address that still finds no room is refused as node full."),
    ADMISSION_TRUSTED_PROXIES(
            "realtime.admission.trusted-proxies",
            "",
            "Addresses or CIDRs (comma-separated) of reverse proxies whose `X-Forwarded-For` is believed; empty: the client address is always the socket's peer."),
    ADMISSION_IPV6_PREFIX(
            "realtime.admission.ipv6-prefix",
            "64",
            "IPv6 clients are counted per network of this prefix length (one /64 is one subscriber line); 128: per address."),
    ADMISSION_RETRY_AFTER(
            "realtime.admission.retry-after",
            "10",
            "Seconds announced in `Retry-After` when a connection is refused for the address's quota or a full node."),
    OUTBOUND_QUEUE_LIMIT(
            "realtime.limits.outbound-queue",
            "1000",
            "Messages queued for one slow connection before `realtime.limits.outbound-policy` applies."),
    OUTBOUND_POLICY(
            "realtime.limits.outbound-policy",
            "close",
            "A message that does not fit a connection's queue: `close` closes that connection (Pusher code 4100, Socket.IO disconnect, SSE stream end); `drop` drops the message for it alone and counts it (`delivery.dropped` in `/realtime/health`)."),
    OUTBOUND_BYTES(
            "realtime.limits.outbound-bytes",
            "1048576",
            "Bytes that may wait for one client (its outbound queue, polling or long-poll buffer), counted as retained in memory; past it `realtime.limits.outbound-policy` applies as for `outbound-queue`."),
    NODE_OUTBOUND_BYTES(
            "realtime.limits.node-outbound-bytes",
            "268435456",
            "Bytes that may wait for all clients of this node together; a message that would pass it is treated like one that does not fit its client's queue."),
    ECHO_BYTES(
            "realtime.limits.echo-bytes",
            "128",
            "Most bytes of a client's own input quoted back to it (Engine.IO ping payloads, unknown event names, error messages); longer input is truncated."),
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
    WEBSOCKET_WRITE_PATH(
            "realtime.websocket.write-path",
            "auto",
            "How Pusher and Socket.IO WebSocket frames are written: `native` (Undertow's own writer, shared UTF-8 bytes; fails the deployment where there is none), `portable` (JSR-356 `sendText`), `auto` (native on WildFly, else portable)."),
    SSE_KEEPALIVE("realtime.sse.keepalive", "15", "Seconds between SSE keep-alive comments."),
    HISTORY_CHANNELS(
            "realtime.history.channels",
            "",
            "Channel globs (comma-separated, `*` for all) whose messages are kept with positions (offset, epoch) for `RealtimeManager.history`; empty: none. Needs broker `none` or `redis`."),
    HISTORY_SIZE(
            "realtime.history.size",
            "1000",
            "Messages kept per history channel (at most 10000); also this node's SSE resume ring (node-wide, `Last-Event-ID`), which 0 turns off (then `realtime.history.channels` must be empty)."),
    HISTORY_TTL(
            "realtime.history.ttl",
            "300",
            "How long a channel's history is kept after its last message, in seconds or ISO-8601 (`PT10M`); 1 s to 7 days. Then it is gone and the next message starts a new epoch."),
    HISTORY_MEMORY_BYTES(
            "realtime.history.memory-bytes",
            "67108864",
            "Bytes of channel history (history and cache channels) one node keeps in memory with broker `none` (or for cache channels with brokers that keep no history); past it the channels written least recently are dropped."),
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
    SOCKETIO_AUTH_URL(
            "realtime.socketio.auth-url",
            "",
            "Channel-auth endpoint the Socket.IO gateway posts laravel-echo's `auth.headers` to (`http://host:port/context/broadcasting/auth`); empty: none, `auth.headers` are ignored and the application's `ChannelAuthorizer` beans decide for the session's user. Never derived from a request."),
    SOCKETIO_AUTH_HEADERS(
            "realtime.socketio.auth-headers",
            "Cookie,Authorization",
            "Headers of laravel-echo's `auth.headers` passed on to `realtime.socketio.auth-url` (comma-separated, case-insensitive); the others are dropped."),
    SOCKETIO_AUTH_TIMEOUT(
            "realtime.socketio.auth-timeout",
            "5000",
            "Milliseconds a call to `realtime.socketio.auth-url` may take (connecting and answering); later, the subscribe is refused with 504."),
    SOCKETIO_AUTH_RESPONSE_BYTES(
            "realtime.socketio.auth-response-bytes",
            "16384",
            "Largest answer body read from `realtime.socketio.auth-url`, in bytes; a longer one is not read further and the subscribe is refused with 502."),
    SOCKETIO_AUTH_IN_FLIGHT(
            "realtime.socketio.auth-in-flight",
            "16",
            "Calls to `realtime.socketio.auth-url` one Engine.IO session may have waiting; one more subscribe is refused with 429."),
    SOCKETIO_NODE_AUTH_IN_FLIGHT(
            "realtime.socketio.node-auth-in-flight",
            "256",
            "Calls to `realtime.socketio.auth-url` all sessions of this node may have waiting; one more subscribe is refused with 503."),
    SOCKETIO_NAMESPACE_LENGTH(
            "realtime.socketio.namespace-length",
            "128",
            "Longest Socket.IO namespace name, in characters; a packet naming a longer one closes the session (`parse error`)."),
    SOCKETIO_NAMESPACES(
            "realtime.socketio.namespaces",
            "16",
            "Namespaces one Engine.IO session may connect to; one more gets CONNECT_ERROR `Too many namespaces on one connection`."),
    SOCKETIO_PENDING_ACKS(
            "realtime.socketio.pending-acks",
            "100",
            "Acknowledgements the server may wait for from one Engine.IO session (`SocketIoSockets.emitWithAck`); one more fails at once with `TOO_MANY_PENDING`."),
    WEBHOOK_URLS(
            "realtime.webhooks.urls",
            "",
            "Pusher webhook receivers (absolute `http`/`https` URLs, comma-separated); empty: no webhooks."),
    WEBHOOK_EVENTS(
            "realtime.webhooks.events",
            "channel_occupied,channel_vacated,member_added,member_removed,client_event,cache_miss",
            "Webhook events sent (comma-separated Pusher names)."),
    WEBHOOK_BATCH(
            "realtime.webhooks.batch-ms",
            "1000",
            "Milliseconds a webhook event waits for others to share its request."),
    WEBHOOK_BATCH_SIZE("realtime.webhooks.batch-size", "100", "Most events in one webhook request."),
    WEBHOOK_QUEUE(
            "realtime.webhooks.queue",
            "10000",
            "Webhook events waiting to be sent (the receiver down or slow); more are dropped and counted."),
    WEBHOOK_TIMEOUT(
            "realtime.webhooks.timeout-ms",
            "5000",
            "Connect and response timeout of one webhook request, in milliseconds."),
    WEBHOOK_RETRY_FOR(
            "realtime.webhooks.retry-for-ms",
            "300000",
            "How long a failed webhook request is retried with back-off (1 s doubling to 60 s) before its events are given up and counted."),
    DEMO_ENABLED(
            "realtime.demo.enabled",
            "false",
            "Enables the demo page's endpoints that publish and count (`POST /realtime/demo/broadcast`, `GET /realtime/demo/stats`), for public channels only; off, they answer 404."),
    HEALTH_CONSUMER_REQUIRED(
            "realtime.health.consumer-required",
            "false",
            "`true`: `/realtime/health/ready` answers 503 while no consumer job runs in this server; leave `false` where the consumer runs elsewhere (standalone) or not at all."),
    HEALTH_MAX_LAG(
            "realtime.health.max-lag",
            "-1",
            "Consumer lag (messages) over which `/realtime/health/ready` answers 503; `-1`: no limit. Only brokers that report a lag (Kafka, durable RabbitMQ, JetStream) can pass it."),
    METRICS_ENABLED(
            "realtime.metrics.enabled",
            "true",
            "Serves the Prometheus text at `GET /realtime/metrics`; `false`: it answers 404."),
    OPS_ENABLED(
            "realtime.ops.enabled",
            "false",
            "Serves the operations page (`GET /realtime/ops/`) and its stream (`/realtime/ops/stream`); `false`: both answer 404."),
    OPS_ROLE(
            "realtime.ops.role",
            "realtime-ops",
            "Role the caller of the operations page must have (the application's security): no user 401, without the role 403."),
    OPS_INTERVAL(
            "realtime.ops.interval-ms",
            "1000",
            "Milliseconds between two samples of the operations page's stream; 100 to 60000."),
    OPS_CHANNELS(
            "realtime.ops.channels",
            "10",
            "Busiest channels (most subscribers on this node) the operations page lists; 1 to 100."),
    OPS_MAX_STREAMS(
            "realtime.ops.max-streams",
            "4",
            "Operations streams open at once on one node; one more answers 503 with `Retry-After`. 1 to 100."),
    DRAIN_GRACE(
            "realtime.drain.grace-ms",
            "0",
            "Milliseconds a draining node refuses new connections and answers readiness 503 `draining` before it tells its clients to reconnect elsewhere, so that a load balancer notices first. Applies when the drain begins at a WildFly suspend (shutdown, `SIGTERM`, `:suspend`); keep it under the suspend timeout."),
    DRAIN_TIMEOUT(
            "realtime.drain.timeout-ms",
            "5000",
            "Milliseconds the rest of a drain may take in all: clients told to reconnect, the consumer job stopped, the publish, cluster and webhook queues flushed. What is still queued after it is counted as failed."),
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
     * {@code realtime.redis.*}, {@code realtime.kafka.*}, {@code realtime.rabbitmq.*},
     * {@code realtime.nats.*} and {@code realtime.postgres.*} keys.
     */
    public boolean readByBroker() {
        return key.startsWith("realtime.broker.")
                || key.startsWith("realtime.consumer.")
                || key.startsWith("realtime.redis.")
                || key.startsWith("realtime.kafka.")
                || key.startsWith("realtime.rabbitmq.")
                || key.startsWith("realtime.nats.")
                || key.startsWith("realtime.postgres.");
    }
}
