package dev.realtime.broker.redis;

import dev.realtime.broker.Backoff;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.broker.MessageBuffer;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * A dedicated subscriber connection, pattern-subscribed to the selected channels, on its own thread.
 * Received messages wait in a bounded buffer until {@link #poll} takes them in batches. A lost
 * connection is reopened with back-off; a ping every few seconds finds a dead one that the socket
 * does not report. {@link #isConnected()} is true only while every pattern is subscribed.
 */
final class RedisConsumer implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(RedisConsumer.class.getName());
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    private final RedisBroker broker;
    private final BrokerCounters counters;
    private final int batchSize;
    private final byte[][] patterns;
    private final MessageBuffer buffer;
    private final Thread thread;
    private volatile Subscription subscription;
    private volatile boolean running = true;

    private final ThreadFactory threads;

    RedisConsumer(RedisBroker broker, ConsumerOptions options, BrokerCounters counters, ThreadFactory threads) {
        this.threads = threads;
        this.broker = broker;
        this.counters = counters;
        this.batchSize = options.batchSize();
        List<String> globs = options.channels().isEmpty() ? List.of("*") : options.channels();
        this.patterns = globs.stream()
                .map(g -> broker.settings().redisPattern(g).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        this.buffer = new MessageBuffer(batchSize);
        this.thread = threads.newThread(this::run);
        thread.setName("realtime-redis-subscriber");
        thread.start();
    }

    @Override
    public MessageBatch poll(Duration timeout) {
        return buffer.poll(timeout);
    }

    @Override
    public void commit(MessageBatch batch) {
        // Pub/Sub has no position: a delivered batch needs nothing more
    }

    @Override
    public void rewind(MessageBatch batch) {
        buffer.rewind(batch);
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
    public void wakeup() {
        buffer.wakeup();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        broker.closed(this);
        Subscription current = subscription;
        if (current != null) {
            current.stop();
        }
        wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        boolean warned = false;
        while (running) {
            Subscription current = new Subscription(backoff);
            subscription = current;
            try (Jedis jedis = broker.connect((int) (PING_INTERVAL.toMillis() * 3))) {
                current.jedis = jedis;
                if (!running) {
                    break;
                }
                Thread pinger = startPinger(current);
                try {
                    jedis.psubscribe(current, patterns);
                } finally {
                    pinger.interrupt();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!warned || current.everSubscribed) {
                    LOG.log(Level.WARNING, "Redis subscriber lost its connection; reconnecting with back-off: " + e);
                    warned = true;
                } else {
                    LOG.log(Level.FINE, "Redis subscriber still disconnected", e);
                }
            }
            current.subscribed = 0;
            if (running && !backoff.pause()) {
                break;
            }
        }
        subscription = null;
    }

    private Thread startPinger(Subscription current) {
        Thread pinger = threads.newThread(() -> {
            try {
                while (running && !Thread.currentThread().isInterrupted()) {
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
        private final Backoff backoff;
        private volatile Jedis jedis;
        private volatile int subscribed;
        private volatile boolean everSubscribed;

        Subscription(Backoff backoff) {
            this.backoff = backoff;
        }

        @Override
        public void onPSubscribe(byte[] pattern, int count) {
            subscribed = count;
            if (count == patterns.length) {
                everSubscribed = true;
                backoff.reset();
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
                counters.dropped(1);
                LOG.warning("Redis consumer buffer full: the consumer job is not keeping up; message dropped");
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
