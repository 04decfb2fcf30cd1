package dev.realtime.node;

import dev.realtime.RealtimeException;
import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.Brokers;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.config.RealtimeSettings;

/**
 * What the consumer job needs from its node: the settings, the configured broker's consume side,
 * and the {@link ConsumerActivity} it reports to. In the server {@link RealtimeNode} produces it
 * over its own broker (so the health endpoint reads the same activity); the standalone consumer
 * builds one over a consume-only broker ({@link Brokers#consumeOnly}), which opens no publishing
 * connection. Thread-safe; it owns nothing it must close.
 */
public final class ConsumerSide {
    private final RealtimeSettings settings;
    private final Broker broker;
    private final ConsumerActivity activity;

    public ConsumerSide(RealtimeSettings settings, Broker broker, ConsumerActivity activity) {
        this.settings = settings;
        this.broker = broker;
        this.activity = activity;
    }

    public RealtimeSettings settings() {
        return settings;
    }

    /** The configured broker's name ({@code none} on a single node). */
    public String brokerName() {
        return broker.name();
    }

    /**
     * Opens a consumer of the broker named {@code brokerName}, which must be the configured one.
     *
     * @throws RealtimeException {@code unknown_broker} otherwise
     */
    public BrokerConsumer open(String brokerName, ConsumerOptions options) {
        return Brokers.require(broker, brokerName).consumer(options);
    }

    /** What this node's consumer is doing; the job reports here. */
    public ConsumerActivity activity() {
        return activity;
    }
}
