package dev.realtime.transport.longpoll;

import dev.realtime.connection.ByteBudget;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;

/**
 * One long-polling client: a bounded buffer of the messages after its cursor, and at most one
 * waiting request. Message {@code n} (counted from 1 for this client) stays buffered until a poll
 * with {@code cursor >= n} acknowledges it, so a response lost on the way is sent again. When the
 * buffer is full the oldest message is dropped and reported as {@code missed}. Guarded by its own
 * monitor: clients never contend with each other.
 */
final class LongPollConnection implements Connection {
    static final String TRANSPORT = "longpolling";

    private final String id;
    private final String userId;
    private final int limit;
    private final Registration registration;
    private final ByteBudget bytes;
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private long first = 1; // number of the oldest buffered message
    private long lastMissed; // number of the newest message dropped before the client saw it
    private AsyncResponse waiting;
    private long waitingCursor;
    private volatile long lastPollNanos = System.nanoTime();

    private static final SecureRandom RANDOM = new SecureRandom();

    LongPollConnection(RealtimeNode node, String userId) {
        // the id is the client's only credential between polls: unguessable, unlike a socket id
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        this.id = HexFormat.of().formatHex(token);
        this.userId = userId;
        this.limit = node.settings().longPollBuffer();
        this.bytes = node.outbound().budget();
        this.registration = node.register(this);
    }

    /** Whether {@code user} (the polling request's user, or null) is the one that created it. */
    boolean ownedBy(String user) {
        return Objects.equals(userId, user);
    }

    Registration registration() {
        return registration;
    }

    /**
     * Answers at once with the messages after {@code cursor}, or parks the request until one
     * arrives. A request already waiting is answered empty (it was superseded).
     *
     * @return false when {@code cursor} is ahead of the last message (the client is confused)
     */
    boolean poll(long cursor, AsyncResponse response) {
        Response answer;
        AsyncResponse superseded;
        long supersededCursor;
        synchronized (this) {
            lastPollNanos = System.nanoTime();
            long last = first + buffer.size() - 1;
            if (cursor < 0 || cursor > last) {
                return false;
            }
            while (first <= cursor) {
                dropOldest();
            }
            superseded = waiting;
            supersededCursor = waitingCursor;
            waiting = null;
            if (!buffer.isEmpty() || lastMissed > cursor) { // messages, or a gap to report
                answer = body(cursor);
            } else {
                answer = null;
                waiting = response;
                waitingCursor = cursor;
            }
        }
        if (superseded != null) {
            superseded.resume(emptyFor(supersededCursor));
        }
        if (answer != null) {
            response.resume(answer);
        }
        return true;
    }

    /** The parked request timed out: answer it empty (its messages, if any, stay buffered). */
    void timedOut(AsyncResponse response) {
        long cursor;
        synchronized (this) {
            if (waiting != response) {
                return;
            }
            waiting = null;
            cursor = waitingCursor;
        }
        response.resume(emptyFor(cursor));
    }

    boolean expired(long now, long expiryNanos) {
        synchronized (this) {
            return waiting == null && now - lastPollNanos > expiryNanos;
        }
    }

    @Override
    public void deliver(Delivery delivery) {
        AsyncResponse wake;
        Response answer = null;
        synchronized (this) {
            keep(delivery);
            wake = waiting;
            waiting = null;
            if (wake != null) {
                answer = body(waitingCursor);
            }
        }
        if (wake != null) {
            wake.resume(answer);
        }
    }

    /**
     * Called with the monitor held: buffers {@code delivery}, dropping the oldest messages (reported
     * as {@code missed}) while the buffer is over its count or the client's (or the node's) bytes;
     * when even an empty buffer has no room, this message is the one missed.
     */
    private void keep(Delivery delivery) {
        long size = retainedBytes(delivery);
        boolean fits = buffer.size() < limit && bytes.tryReserve(size);
        while (!fits && !buffer.isEmpty()) {
            lastMissed = first;
            dropOldest();
            fits = buffer.size() < limit && bytes.tryReserve(size);
        }
        if (fits) {
            buffer.addLast(delivery);
        } else {
            lastMissed = first++; // numbered, never buffered: the next answer reports it as missed
        }
    }

    /** Called with the monitor held and the buffer not empty. */
    private void dropOldest() {
        bytes.release(retainedBytes(buffer.removeFirst()));
        first++;
    }

    /** What a buffered message keeps in memory: its long-poll encoding (cached in the delivery) at two bytes a character. */
    private static long retainedBytes(Delivery delivery) {
        return 64 + 2L * delivery.encoded(LongPollWireFormat.INSTANCE).length();
    }

    /** Called with the monitor held: every buffered message after {@code cursor}, and the gap before them. */
    private Response body(long cursor) {
        long gap = Math.max(0, first - 1 - cursor);
        StringBuilder out = new StringBuilder(256);
        out.append("{\"client\":");
        Json.quote(out, id).append(",\"cursor\":").append(first + buffer.size() - 1);
        out.append(",\"missed\":").append(gap).append(",\"messages\":[");
        Iterator<Delivery> it = buffer.iterator();
        for (int i = 0; it.hasNext(); i++) {
            (i == 0 ? out : out.append(',')).append(it.next().encoded(LongPollWireFormat.INSTANCE));
        }
        return json(out.append("]}").toString());
    }

    Response emptyFor(long cursor) {
        return json("{\"client\":" + Json.quote(id) + ",\"cursor\":" + cursor + ",\"missed\":0,\"messages\":[]}");
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        AsyncResponse wake;
        synchronized (this) {
            wake = waiting;
            waiting = null;
            buffer.clear();
        }
        registration.close(why);
        bytes.close();
        if (wake != null) {
            wake.resume(emptyFor(first - 1));
        }
    }
}
