package dev.realtime.broker.nats;

import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The publishing side of {@link NatsBroker}: a connection of its own, used only by the broker's
 * publisher thread (and closed by the broker's close). Core NATS publishes a batch and flushes
 * once; JetStream waits for every message's acknowledgement.
 */
final class NatsPublisher implements AsyncPublisher.Sink {
    private final NatsBroker broker;
    private final BrokerCounters counters;
    private final RateLimitedLog tooLargeWarnings = NatsBroker.warnings();
    private volatile Connection connection;
    private JetStream jetStream;
    private boolean streamReady;
    private volatile boolean closed;

    NatsPublisher(NatsBroker broker, BrokerCounters counters) {
        this.broker = broker;
        this.counters = counters;
    }

    @Override
    public void send(List<Message> batch) throws Exception {
        Connection c = connection();
        if (broker.settings().jetStream()) {
            sendJetStream(c, batch);
        } else {
            sendCore(c, batch);
        }
    }

    /**
     * Hands the batch to the client and flushes. What the client took is never sent again: it
     * keeps its outgoing queue across a reconnect, so retrying after a failed flush would
     * duplicate; a failed flush only reports the outage (at most once, like core NATS).
     */
    private void sendCore(Connection c, List<Message> batch) throws TimeoutException, InterruptedException {
        long maxPayload = c.getMaxPayload();
        int handed = 0;
        try {
            for (Message m : batch) {
                byte[] body = broker.envelopes().encode(m);
                if (!tooLarge(m, body, maxPayload)) {
                    c.publish(broker.settings().subject(m.channel()), body);
                    counters.published(1);
                }
                handed++;
            }
        } finally {
            batch.subList(0, handed).clear();
        }
        c.flush(broker.settings().timeout());
    }

    private void sendJetStream(Connection c, List<Message> batch) throws Exception {
        if (!streamReady) {
            broker.stream().ensure(c);
            streamReady = true;
        }
        long maxPayload = c.getMaxPayload();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (var it = batch.iterator(); it.hasNext(); ) {
            Message m = it.next();
            byte[] body = broker.envelopes().encode(m);
            if (tooLarge(m, body, maxPayload)) {
                it.remove();
                continue;
            }
            PublishOptions options = PublishOptions.builder()
                    .messageId(m.id())
                    .expectedStream(broker.settings().stream())
                    .build();
            acks.add(jetStream.publishAsync(broker.settings().subject(m.channel()), body, options));
        }
        long deadline = System.nanoTime() + broker.settings().timeout().toNanos();
        Exception failure = null;
        boolean[] stored = new boolean[acks.size()];
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                stored[i] = true;
            } catch (ExecutionException | TimeoutException e) {
                failure = failure == null ? e : failure;
            }
        }
        int done = 0;
        for (int i = stored.length - 1; i >= 0; i--) {
            if (stored[i]) {
                batch.remove(i); // a retry sends only the rest
                done++;
            }
        }
        counters.published(done);
        if (failure != null) {
            streamReady = false; // the stream may be gone: check it before the retry
            throw failure;
        }
    }

    private boolean tooLarge(Message m, byte[] body, long maxPayload) {
        if (maxPayload > 0 && body.length > maxPayload) {
            counters.failed(1);
            tooLargeWarnings.warn(() -> "NATS refuses message " + m.id() + " on channel " + m.channel() + ": "
                    + body.length + " bytes exceed the server's max_payload of " + maxPayload);
            return true;
        }
        return false;
    }

    @Override
    public void ping() throws Exception {
        Connection c = connection();
        c.flush(broker.settings().timeout());
        if (broker.settings().jetStream() && !streamReady) {
            broker.stream().ensure(c);
            streamReady = true;
        }
    }

    @Override
    public void disconnect() {
        // The client reconnects by itself; a connection that closed for good is replaced by
        // connection() on the next attempt.
    }

    /** The open connection; throws while the client is reconnecting (nothing is buffered). */
    private Connection connection() throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the NATS broker is closed");
        }
        Connection c = connection;
        if (c == null || c.getStatus() == Connection.Status.CLOSED) {
            c = broker.connect("publisher", this::event);
            jetStream = c.jetStream(broker.stream().options());
            streamReady = false;
            connection = c;
            if (closed) {
                NatsBroker.closeQuietly(c);
                throw new IllegalStateException("the NATS broker is closed");
            }
        }
        if (c.getStatus() != Connection.Status.CONNECTED) {
            throw new IOException("NATS connection is " + c.getStatus());
        }
        return c;
    }

    private void event(ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED, CLOSED -> broker.publisherLost();
            default -> {
                // reconnection is confirmed by the next send or ping
            }
        }
    }

    void close() {
        closed = true;
        NatsBroker.closeQuietly(connection);
    }
}
