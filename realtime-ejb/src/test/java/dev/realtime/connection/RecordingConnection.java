package dev.realtime.connection;

import dev.realtime.message.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test {@link Connection} that records what it receives and how it was disconnected. */
public class RecordingConnection implements Connection {
    private final String id;
    private final String userId;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile int closeCode;

    public RecordingConnection(String id) {
        this(id, null);
    }

    public RecordingConnection(String id, String userId) {
        this.id = id;
        this.userId = userId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "test";
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        closeCode = why.code();
        disconnects.incrementAndGet();
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    public List<Message> messages() {
        return deliveries.stream().map(Delivery::message).toList();
    }

    public int closeCode() {
        return closeCode;
    }

    public int disconnects() {
        return disconnects.get();
    }

    @Override
    public String toString() {
        return "RecordingConnection[" + id + "]";
    }
}
