package dev.realtime.transport.memory;

import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One in-memory client. Received messages wait in a bounded queue (the outbound limit); when it
 * overflows the client is disconnected, as a slow WebSocket client would be. Thread-safe.
 */
public final class MemoryClient implements Connection, AutoCloseable {
    private final String id;
    private final String userId;
    private final BlockingQueue<Message> received;
    private final Registration registration;
    private volatile int closeCode;

    MemoryClient(RealtimeNode node, String id, String userId, int limit) {
        this.id = id;
        this.userId = userId;
        this.received = new LinkedBlockingQueue<>(limit);
        this.registration = node.register(this);
    }

    /** Subscribes; subscribing twice is harmless. */
    public MemoryClient subscribe(String channel) {
        registration.subscribe(channel);
        return this;
    }

    /**
     * Joins a presence channel as this client's user (it needs one), with {@code userInfo} (JSON
     * text, or {@code null}) as the member's info.
     */
    public MemoryClient join(String presenceChannel, String userInfo) {
        if (userId == null) {
            throw new IllegalStateException("A presence member needs a user: connect(userId)");
        }
        registration.subscribe(presenceChannel, new dev.realtime.presence.PresenceMember(userId, userInfo));
        return this;
    }

    public MemoryClient unsubscribe(String channel) {
        registration.unsubscribe(channel);
        return this;
    }

    /** The next message, waiting up to {@code timeout}; {@code null} when none arrived. */
    public Message poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Everything received so far and not yet taken. */
    public List<Message> drain() {
        List<Message> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    /** The Pusher close code when the server disconnected this client, else 0. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return InMemoryTransport.NAME;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void deliver(Delivery delivery) {
        if (!received.offer(delivery.message())) {
            disconnect(Disconnect.SLOW, "Over capacity: outbound queue full");
        }
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        closeCode = why.code();
        registration.close(why);
    }

    @Override
    public void close() {
        registration.close();
    }
}
