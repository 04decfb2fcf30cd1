package dev.realtime.transport.websocket;

import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.OutboundQueue;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.io.FrameSender;
import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.io.WritePaths;
import dev.realtime.web.ClientEventRules;
import dev.realtime.web.WebSocketCloses;
import jakarta.websocket.Session;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Pusher-protocol WebSocket connection. Every frame, application event or protocol reply,
 * goes through one bounded {@link OutboundQueue} with a single asynchronous write in flight, written
 * by the session's {@link FrameSender}; application events are {@link TextFrame}s shared by every
 * recipient. A frame that does not fit the queue either closes the connection with 4100 (reconnect
 * after back-off) or is dropped for it alone, as {@code realtime.limits.outbound-policy} says; a
 * failed write closes it with 4200. Tracks inbound activity for the ping sweep.
 */
final class PusherConnection implements Connection, FrameSender.Completion {
    static final String TRANSPORT = "websocket";
    private static final Logger LOG = Logger.getLogger(PusherConnection.class.getName());

    private final String id;
    private final Session session;
    private final OutboundQueue<TextFrame> queue;
    private final Registration registration;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long pingSentNanos;
    private volatile boolean closed;
    private volatile String userId;
    private final ClientEventRules.Budget clientEvents = new ClientEventRules.Budget(); // message thread only

    PusherConnection(RealtimeNode node, Session session, WritePaths writePaths) {
        this.id = node.nextSocketId();
        this.session = session;
        FrameSender sender = writePaths.open(session, this);
        this.queue = node.outbound()
                .queue(
                        0,
                        TextFrame::retainedBytes,
                        sender::send,
                        () -> disconnect(Disconnect.SLOW, "Over capacity: the client is not reading fast enough"));
        this.registration = node.register(this);
    }

    Registration registration() {
        return registration;
    }

    /** Queues a protocol frame for this client. */
    void send(String frame) {
        queue.offer(TextFrame.of(frame));
    }

    /** Records inbound traffic: any frame proves the client is alive. */
    void seen() {
        lastSeenNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    /**
     * Called by the sweep: pings a client silent for {@code activityNanos}; closes one that has not
     * answered a ping within {@code pongNanos} (4201, reconnect at once).
     */
    void checkActivity(long now, long activityNanos, long pongNanos) {
        long pinged = pingSentNanos;
        if (pinged != 0) {
            if (now - pinged > pongNanos) {
                disconnect(Disconnect.TIMEOUT, "Pong reply not received in time");
            }
        } else if (now - lastSeenNanos > activityNanos) {
            pingSentNanos = now;
            send(PusherFrames.PING);
        }
    }

    boolean isOpen() {
        return !closed && session.isOpen();
    }

    @Override
    public void completed(Throwable failure) {
        if (failure != null && !closed) {
            LOG.log(Level.FINE, "Write to " + id + " failed; closing", failure);
            disconnect(Disconnect.ERROR, "Write failed");
        }
        queue.written();
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

    /** The signed-in user as a principal for the authorizers, or {@code null}. */
    Principal principal() {
        String user = userId;
        return user == null ? null : () -> user;
    }

    /**
     * Adopts the user proved by {@code pusher:signin}; false when the socket is already signed in
     * as somebody else (a socket has one user for its lifetime).
     */
    boolean signIn(String user) {
        if (userId == null) {
            userId = user;
            registration.identify();
            return true;
        }
        return userId.equals(user);
    }

    /**
     * Counts one client event against the per-second budget (a fixed one-second window); false
     * when over it. Called only from the session's message thread.
     */
    boolean takeClientEventToken(int perSecond, long now) {
        return clientEvents.take(perSecond, now);
    }

    @Override
    public void deliver(Delivery delivery) {
        queue.offer(delivery.encoded(PusherWireFormat.INSTANCE));
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        registration.close(why);
        WebSocketCloses.close(session, why.code(), reason);
    }

    /** The client went away: forget it, and give what still waits for it back to the node. */
    void closed() {
        closed = true;
        registration.close();
        queue.close();
    }
}
