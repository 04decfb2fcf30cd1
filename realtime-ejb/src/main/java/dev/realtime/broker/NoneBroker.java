package dev.realtime.broker;

import dev.realtime.message.Message;

/** The single-node broker: publishing does nothing, and it is always "connected". */
public final class NoneBroker implements Broker {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void publish(Message message) {
        // single node: local delivery already reached every client
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
