package dev.realtime.transport.socketio;

import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ClientEventRules;
import jakarta.json.JsonArray;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One Socket.IO socket (a namespace of an Engine.IO session) as a core {@link Connection}. Its id
 * is both the Socket.IO {@code sid} and the socket id of "to others" broadcasts. Application events
 * arrive pre-encoded by {@link SocketIoWireFormat}, shared by every recipient, presence joins and
 * leaves included (the core's member events carry the whole member).
 */
final class SocketIoConnection implements Connection {
    static final String TRANSPORT = "socketio";

    private final String id;
    private final String namespace;
    private final EngineSession engine;
    private final Registration registration;
    private final ClientEventRules.Budget clientEvents = new ClientEventRules.Budget();
    private final PendingAcks acks;
    private final Semaphore authCalls;
    private volatile boolean closed;

    /**
     * @param executor completes the futures of {@link #emitWithAck}
     * @param session the limits this socket shares with the other namespaces of its session
     */
    SocketIoConnection(
            RealtimeNode node,
            EngineSession engine,
            String namespace,
            Executor executor,
            SocketIoSession.Quotas session) {
        this.id = node.nextSocketId();
        this.engine = engine;
        this.namespace = namespace;
        this.acks = new PendingAcks(executor, session.acks());
        this.authCalls = session.authCalls();
        this.registration = node.register(this);
    }

    /**
     * Sends an EVENT with a fresh acknowledgement id; the future completes with the client's ACK
     * arguments, or fails at {@code deadline} ({@link System#nanoTime()}) or when the socket closes.
     *
     * @param eventAndArgs the EVENT's JSON array: the event name, then the arguments
     */
    CompletableFuture<JsonArray> emitWithAck(String eventAndArgs, long deadline) {
        CompletableFuture<JsonArray> answer = new CompletableFuture<>();
        Long ackId = acks.add(answer, deadline);
        if (ackId != null) {
            send(SocketIoFrames.message(SocketPacket.encode(SocketPacket.Type.EVENT, namespace, ackId, eventAndArgs)));
        }
        return answer;
    }

    /** The acknowledgements the client owes this socket. */
    PendingAcks acks() {
        return acks;
    }

    Registration registration() {
        return registration;
    }

    String namespace() {
        return namespace;
    }

    Principal principal() {
        return engine.user();
    }

    /** The calls to the channel-auth endpoint this socket's session may still have waiting. */
    Semaphore authCalls() {
        return authCalls;
    }

    /** Sends one encoded Engine.IO packet on this socket's session. */
    void send(String packet) {
        engine.send(packet);
    }

    /** Counts one client event against the per-second budget; false when over it. */
    synchronized boolean takeClientEventToken(int perSecond) {
        return clientEvents.take(perSecond, System.nanoTime());
    }

    @Override
    public void deliver(Delivery delivery) {
        engine.send(SocketIoWireFormat.inNamespace(delivery.encoded(SocketIoWireFormat.INSTANCE), namespace));
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
        Principal user = engine.user();
        return user != null ? user.getName() : null;
    }

    /** The server ends the connection (too slow, shutting down): the whole session closes, the client reconnects. */
    @Override
    public void disconnect(Disconnect why, String reason) {
        registration.close(why);
        engine.close("server close: " + reason);
    }

    /** Whether the socket or its session ended. */
    boolean isClosed() {
        return closed || engine.isClosed();
    }

    /** The socket or its session ended: leave every channel, fail the acknowledgements still owed. */
    void closed(Disconnect why) {
        closed = true;
        registration.close(why);
        acks.close();
    }
}
