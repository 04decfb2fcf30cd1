package dev.realtime.transport.socketio;

import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.node.PresenceEvents;
import dev.realtime.node.RealtimeNode;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.ClientEventRules;
import dev.realtime.web.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * One Socket.IO socket (a namespace of an Engine.IO session) as a core {@link Connection}. Its id
 * is both the Socket.IO {@code sid} and the socket id of "to others" broadcasts. Application events
 * arrive pre-encoded by {@link SocketIoWireFormat}, shared by every recipient; only
 * {@code presence:leaving} is completed per recipient with the leaving member's info, which this
 * socket remembers from the members it was shown (the core announces a departure by id only).
 */
final class SocketIoConnection implements Connection {
    static final String TRANSPORT = "socketio";

    private final String id;
    private final String namespace;
    private final EngineSession engine;
    private final Registration registration;
    private final Map<String, Map<String, String>> presenceInfo = new ConcurrentHashMap<>();
    private final Map<String, String> presenceUsers = new ConcurrentHashMap<>();
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

    /** Records the member id this socket joins a presence channel as. */
    void joinedPresence(String channel, String userId) {
        presenceUsers.put(channel, userId);
    }

    /** Records the member list {@code presence:subscribed} showed, for later departures. */
    void shown(String channel, List<PresenceMember> members) {
        Map<String, String> known = presenceInfo.computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
        members.forEach(m -> known.put(m.userId(), m.userInfo() != null ? m.userInfo() : "null"));
    }

    /** The member id this socket joined the presence channel as, or {@code null}. */
    String presenceUser(String channel) {
        return presenceUsers.get(channel);
    }

    /** Forgets what it knew of a channel it left. */
    void left(String channel) {
        presenceUsers.remove(channel);
        presenceInfo.remove(channel);
    }

    @Override
    public void deliver(Delivery delivery) {
        String event = delivery.message().event();
        if (event.equals(PresenceEvents.MEMBER_REMOVED)) {
            send(leaving(delivery));
            return;
        }
        if (event.equals(PresenceEvents.MEMBER_ADDED)) {
            remember(delivery);
        }
        engine.send(SocketIoWireFormat.inNamespace(delivery.encoded(SocketIoWireFormat.INSTANCE), namespace));
    }

    private void remember(Delivery delivery) {
        JsonObject member = object(delivery.message().data());
        Map<String, String> known = presenceInfo.get(delivery.message().channel());
        if (known != null && member.get("user_id") instanceof jakarta.json.JsonString userId) {
            known.put(
                    userId.getString(),
                    member.getOrDefault("user_info", JsonValue.NULL).toString());
        }
    }

    /** {@code presence:leaving (channel, {user_id, user_info})} with the info this socket was shown. */
    private String leaving(Delivery delivery) {
        String channel = delivery.message().channel();
        String userId = object(delivery.message().data()).getString("user_id", "");
        Map<String, String> known = presenceInfo.get(channel);
        String info = known != null ? known.remove(userId) : null;
        return SocketIoFrames.event(
                namespace,
                SocketIoFrames.LEAVING,
                channel,
                new PresenceMember(userId, info == null || info.equals("null") ? null : info).toJson());
    }

    private static JsonObject object(String json) {
        try (JsonReader reader = JsonP.reader(json)) {
            return reader.readObject();
        }
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
    public void disconnect(int code, String reason) {
        registration.close();
        engine.close("server close: " + reason);
    }

    /** Whether the socket or its session ended. */
    boolean isClosed() {
        return closed || engine.isClosed();
    }

    /** The socket or its session ended: leave every channel, fail the acknowledgements still owed. */
    void closed() {
        closed = true;
        registration.close();
        acks.close();
    }
}
