package dev.realtime.broker;

import dev.realtime.RealtimeException;
import dev.realtime.broker.kafka.KafkaBroker;
import dev.realtime.broker.kafka.KafkaSettings;
import dev.realtime.broker.nats.NatsBroker;
import dev.realtime.broker.nats.NatsSettings;
import dev.realtime.broker.postgres.PostgresBroker;
import dev.realtime.broker.postgres.PostgresSettings;
import dev.realtime.broker.rabbitmq.RabbitBroker;
import dev.realtime.broker.rabbitmq.RabbitSettings;
import dev.realtime.broker.redis.RedisBroker;
import dev.realtime.broker.redis.RedisSettings;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;

/**
 * Creates the broker named by {@code realtime.broker}. Each broker package adds its factory here;
 * an unknown name fails at startup with the list of known ones rather than silently falling back.
 */
public final class Brokers {
    /** Makes one broker; {@code publishes == false} asks for a consume-only one. */
    @FunctionalInterface
    private interface Factory {
        Broker create(RealtimeSettings settings, ThreadFactory threads, boolean publishes);
    }

    private static final Map<String, Factory> FACTORIES = Map.of(
            NoneBroker.NAME, (settings, threads, publishes) -> new NoneBroker(),
            RedisBroker.NAME,
                    (settings, threads, publishes) -> new RedisBroker(
                            RedisSettings.from(settings), threads, EnvelopeCodec.from(settings), publishes),
            KafkaBroker.NAME,
                    (settings, threads, publishes) -> new KafkaBroker(
                            KafkaSettings.from(settings), threads, EnvelopeCodec.from(settings), publishes),
            PostgresBroker.NAME,
                    (settings, threads, publishes) -> new PostgresBroker(
                            PostgresSettings.from(settings), threads, EnvelopeCodec.from(settings), publishes),
            RabbitBroker.NAME,
                    (settings, threads, publishes) -> new RabbitBroker(
                            RabbitSettings.from(settings), threads, EnvelopeCodec.from(settings), publishes),
            NatsBroker.NAME,
                    (settings, threads, publishes) -> new NatsBroker(
                            NatsSettings.from(settings), threads, EnvelopeCodec.from(settings), publishes));

    private Brokers() {}

    public static Set<String> known() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(FACTORIES.keySet()));
    }

    /**
     * {@code active} when it has that name.
     *
     * @throws RealtimeException {@code unknown_broker} otherwise
     */
    public static Broker require(Broker active, String name) {
        if (active.name().equals(name)) {
            return active;
        }
        throw new RealtimeException(
                "unknown_broker",
                "Broker '" + name + "' is not configured; this node uses '" + active.name() + "' (known: " + known()
                        + ")");
    }

    /**
     * The named broker; its long-lived threads come from {@code threads}.
     *
     * @throws RealtimeException {@code unknown_broker} for a name with no factory
     */
    public static Broker create(String name, RealtimeSettings settings, ThreadFactory threads) {
        return factory(name).create(settings, threads, true);
    }

    /**
     * The named broker's consume side only: it opens no publishing connection and refuses to
     * publish. For a consumer that runs outside the server (the standalone consumer).
     *
     * @throws RealtimeException {@code unknown_broker} for a name with no factory
     */
    public static Broker consumeOnly(String name, RealtimeSettings settings, ThreadFactory threads) {
        return factory(name).create(settings, threads, false);
    }

    private static Factory factory(String name) {
        Factory factory = FACTORIES.get(name);
        if (factory == null) {
            throw new RealtimeException(
                    "unknown_broker",
                    "Unknown broker '" + name + "' (" + Setting.BROKER.key() + "); known: " + known());
        }
        return factory;
    }
}
