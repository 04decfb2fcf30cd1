package dev.realtime.broker.redis;

import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.config.HistorySettings;
import dev.realtime.history.HistoryStore;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Redis Pub/Sub: each message is published on {@code <prefix><channel>}; a consumer pattern-subscribes
 * on a dedicated connection. Publishing pipelines a batch per round trip on one connection owned by
 * the publisher thread, and reconnects with back-off.
 *
 * <p>Guarantee: at most once. Redis keeps nothing for a subscriber that is disconnected, so a
 * node whose consumer is down misses what is published meanwhile; messages this node publishes
 * while Redis is down wait in the publish queue (bounded) and are sent when it returns.
 */
public final class RedisBroker extends QueuedBroker {
    public static final String NAME = "redis";

    private final RedisSettings settings;

    /**
     * @param threads makes the publisher and subscriber threads (the container's in a server)
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public RedisBroker(RedisSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(settings, threads, envelopes, true);
    }

    /** Like the three-argument constructor; {@code publishes == false} makes a consume-only broker. */
    public RedisBroker(RedisSettings settings, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        super(NAME, threads, envelopes, publishes);
        this.settings = settings;
        startPublishing(new Publisher(), settings.publishQueue(), settings.publishBatch());
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        return track(new RedisConsumer(this, options, counters, threads));
    }

    /** History in this Redis server, shared by every node ({@link RedisHistoryStore}). */
    @Override
    public Optional<HistoryStore> openHistory(HistorySettings history) {
        return Optional.of(new RedisHistoryStore(settings, envelopes));
    }

    @Override
    protected void closeClients() {
        consumers().forEach(BrokerConsumer::close);
    }

    RedisSettings settings() {
        return settings;
    }

    /** A new connection to the configured server (not yet opened). */
    Jedis connect(int socketTimeoutMillis) {
        return new Jedis(settings.hostAndPort(), settings.clientConfig(socketTimeoutMillis));
    }

    /** The publishing connection, used only by the publisher thread. */
    private final class Publisher implements AsyncPublisher.Sink {
        private Jedis jedis;

        @Override
        public void send(List<Message> batch) {
            Jedis connection = connection();
            try (Pipeline pipeline = connection.pipelined()) {
                for (Message m : batch) {
                    pipeline.publish(
                            settings.redisChannel(m.channel()).getBytes(StandardCharsets.UTF_8), envelopes.encode(m));
                }
                pipeline.sync();
            }
            counters.published(batch.size());
        }

        @Override
        public void ping() {
            connection().ping();
        }

        @Override
        public void disconnect() {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // the connection is already broken
                }
                jedis = null;
            }
        }

        private Jedis connection() {
            if (jedis == null || !jedis.isConnected() || jedis.isBroken()) {
                disconnect();
                jedis = connect((int) settings.timeout().toMillis());
                jedis.ping();
            }
            return jedis;
        }
    }
}
