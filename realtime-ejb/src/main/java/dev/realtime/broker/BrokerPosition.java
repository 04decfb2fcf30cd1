package dev.realtime.broker;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker position, serializable so a batch job can keep it as its checkpoint. For Kafka the
 * offsets map {@code topic-partition} to the next offset; brokers without positions (Redis Pub/Sub)
 * use {@link #NONE}.
 */
public record BrokerPosition(Map<String, Long> offsets) implements Serializable {
    public static final BrokerPosition NONE = new BrokerPosition(Map.of());

    public BrokerPosition {
        offsets = Map.copyOf(offsets);
    }

    @Override
    public String toString() {
        return offsets.isEmpty() ? "none" : new TreeMap<>(offsets).toString();
    }
}
