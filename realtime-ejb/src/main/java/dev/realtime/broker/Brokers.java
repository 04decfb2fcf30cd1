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
import java.util.function.BiFunction;

/**
 * Creates the broker named by {@code realtime.broker}. Each broker package adds its factory here;
 * an unknown name fails at startup with the list of known ones rather than silently falling back.
 */
public final class Brokers {
    private static final Map<String, BiFunction<RealtimeSettings, ThreadFactory, Broker>> FACTORIES = Map.of(
            NoneBroker.NAME, (settings, threads) -> new NoneBroker(),
            RedisBroker.NAME,
                    (settings, threads) ->
                            new RedisBroker(RedisSettings.from(settings), threads, EnvelopeCodec.from(settings)),
            KafkaBroker.NAME,
                    (settings, threads) ->
                            new KafkaBroker(KafkaSettings.from(settings), threads, EnvelopeCodec.from(settings)),
            PostgresBroker.NAME,
                    (settings, threads) ->
                            new PostgresBroker(PostgresSettings.from(settings), threads, EnvelopeCodec.from(settings)),
            RabbitBroker.NAME,
                    (settings, threads) ->
                            new RabbitBroker(RabbitSettings.from(settings), threads, EnvelopeCodec.from(settings)),
            NatsBroker.NAME,
                    (settings, threads) ->
                            new NatsBroker(NatsSettings.from(settings), threads, EnvelopeCodec.from(settings)));

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
        BiFunction<RealtimeSettings, ThreadFactory, Broker> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new RealtimeException(
                    "unknown_broker",
                    "Unknown broker '" + name + "' (" + Setting.BROKER.key() + "); known: " + known());
        }
        return factory.apply(settings, threads);
    }
}
