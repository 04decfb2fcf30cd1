package dev.realtime.broker;

import dev.realtime.RealtimeException;
import dev.realtime.broker.kafka.KafkaBroker;
import dev.realtime.broker.kafka.KafkaSettings;
import dev.realtime.broker.redis.RedisBroker;
import dev.realtime.broker.redis.RedisSettings;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Creates the broker named by {@code realtime.broker}. Each broker package adds its factory here;
 * an unknown name fails at startup with the list of known ones rather than silently falling back.
 */
public final class Brokers {
    private static final Map<String, Function<RealtimeSettings, Broker>> FACTORIES = Map.of(
            NoneBroker.NAME, settings -> new NoneBroker(),
            RedisBroker.NAME, settings -> new RedisBroker(RedisSettings.from(settings)),
            KafkaBroker.NAME, settings -> new KafkaBroker(KafkaSettings.from(settings)));

    private Brokers() {}

    public static Set<String> known() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(FACTORIES.keySet()));
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

    /** @throws RealtimeException {@code unknown_broker} for a name with no factory */
    public static Broker create(String name, RealtimeSettings settings) {
        Function<RealtimeSettings, Broker> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new RealtimeException(
                    "unknown_broker",
                    "Unknown broker '" + name + "' (" + Setting.BROKER.key() + "); known: " + known());
        }
        return factory.apply(settings);
    }
}
