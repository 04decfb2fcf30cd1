package dev.realtime.broker.redis;

import dev.realtime.broker.BatchBuffer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BufferedConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * A dedicated subscriber connection, pattern-subscribed to the selected channels, on the consumer's
 * thread. Received messages wait in the bounded buffer until {@link #poll} takes them in batches. A
 * lost connection is reopened with back-off; a ping every few seconds finds a dead one that the
 * socket does not report. {@link #isConnected()} is true only while every pattern is subscribed.
 */
final class RedisConsumer extends BufferedConsumer<Message> {
    private static final Logger LOG = Logger.getLogger(RedisConsumer.class.getName());
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    private final RedisBroker broker;
    private final BrokerCounters counters;
    private final RateLimitedLog dropWarnings = new RateLimitedLog(LOG);
    private final byte[][] patterns;
    private final ThreadFactory threads;
    private volatile Subscription subscription;

    RedisConsumer(RedisBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        super(
                broker,
                "Redis subscriber",
                threads,
                "realtime-redis-subscriber",
                BatchBuffer.forBatches(options.batchSize()));
        this.threads = threads;
        this.broker = broker;
        this.counters = counters;
        List<String> globs = options.channels().isEmpty() ? List.of("*") : options.channels();
        this.patterns = globs.stream()
                .map(g -> broker.settings().redisPattern(g).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        start();
    }

    @Override
    protected MessageBatch batch(List<Message> taken) {
        return new MessageBatch(taken, BrokerPosition.NONE, BrokerPosition.NONE);
    }

    @Override
    public void commit(BrokerPosition end) {
        // Pub/Sub has no position: a delivered batch needs nothing more
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.putBack(batch.messages());
    }

    @Override
    public boolean isConnected() {
        Subscription current = subscription;
        return current != null && current.subscribed == patterns.length;
    }

    @Override
    public long lag() {
        return -1;
    }

    @Override
    protected String session() {
        Subscription current = new Subscription();
        subscription = current;
        try (Jedis jedis = broker.connect((int) (PING_INTERVAL.toMillis() * 3))) {
            current.jedis = jedis;
            if (!running()) {
                return "closed";
            }
            Thread pinger = startPinger(current);
            try {
                jedis.psubscribe(current, patterns);
            } finally {
                pinger.interrupt();
            }
            return "the server ended the subscription";
        } finally {
            current.subscribed = 0;
        }
    }

    @Override
    protected void endSession() {
        Subscription current = subscription;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    protected void stopped() {
        subscription = null;
    }

    private Thread startPinger(Subscription current) {
        Thread pinger = threads.newThread(() -> {
            try {
                while (running() && !Thread.currentThread().isInterrupted()) {
                    Thread.sleep(PING_INTERVAL.toMillis());
                    if (current.isSubscribed()) {
                        current.ping();
                    }
                }
            } catch (InterruptedException e) {
                // the subscription ended
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Redis subscriber ping failed", e);
            }
        });
        pinger.setName("realtime-redis-pinger");
        pinger.start();
        return pinger;
    }

    /** One connection's subscription; a new one after each reconnect. */
    private final class Subscription extends BinaryJedisPubSub {
        private volatile Jedis jedis;
        private volatile int subscribed;

        @Override
        public void onPSubscribe(byte[] pattern, int count) {
            subscribed = count;
            if (count == patterns.length) {
                subscribed();
                LOG.fine(() -> "Redis subscriber subscribed to " + count + " patterns");
            }
        }

        @Override
        public void onPUnsubscribe(byte[] pattern, int count) {
            subscribed = count;
        }

        @Override
        public void onPMessage(byte[] pattern, byte[] channel, byte[] payload) {
            Message message = broker.envelopes()
                    .decode(payload, () -> "Redis channel " + new String(channel, StandardCharsets.UTF_8));
            if (message == null) {
                return; // refused: counted and logged by the codec
            }
            counters.consumed(1);
            if (!buffer.offer(message)) {
                counters.consumerDropped(1);
                dropWarnings.warn(
                        () -> "Redis consumer buffer full: the consumer job is not keeping up; message dropped");
            }
        }

        void stop() {
            try {
                if (isSubscribed()) {
                    punsubscribe();
                }
            } catch (RuntimeException e) {
                // the connection is gone already
            }
            Jedis connection = jedis;
            if (connection != null) {
                try {
                    connection.disconnect();
                } catch (RuntimeException e) {
                    // closing anyway
                }
            }
        }
    }
}
