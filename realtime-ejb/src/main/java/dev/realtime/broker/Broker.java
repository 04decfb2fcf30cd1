package dev.realtime.broker;

import dev.realtime.message.Message;

/**
 * Carries messages from this node to every other node (server to server). Brokers never import a
 * transport, and transports never import a broker.
 *
 * <p>Contract: {@link #publish} never blocks the caller and never throws because the broker is
 * down: an implementation hands the message off (bounded), counts and logs failures, and
 * reconnects by itself. Consuming is not part of this interface: it runs only in the consumer job.
 */
public interface Broker extends AutoCloseable {

    /** The configuration name: {@code none}, {@code redis}, {@code kafka}, … */
    String name();

    /** Hands the message to the broker for the other nodes. Non-blocking. */
    void publish(Message message);

    /** Whether the broker is reachable right now. */
    boolean isConnected();

    /** Releases connections and threads; idempotent. */
    @Override
    void close();
}
