package dev.realtime.transport.socketio;

import dev.realtime.config.SocketIoSettings;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import dev.realtime.web.auth.ChannelAccess;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's Engine.IO sessions by sid, and the one periodic sweep that drives every session's
 * pings, ping timeouts and upgrade timeouts (one task for all sessions, on the container's
 * scheduler, at a quarter of the shortest of those intervals), including the timeouts of the
 * acknowledgements the server asked for. A closed session leaves the map and its sockets leave
 * their channels and presence. Its Socket.IO sockets are also indexed by id, for
 * {@link SocketIoSockets}.
 */
@ApplicationScoped
public class SocketIoRegistry {
    private static final Logger LOG = Logger.getLogger(SocketIoRegistry.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RealtimeNode node;

    @Inject
    ChannelAccess access;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SocketIoConnection> sockets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AutoCloseable> tickets = new ConcurrentHashMap<>();
    private EchoEvents events;
    private ScheduledFuture<?> sweep;

    @PostConstruct
    void start() {
        SocketIoSettings s = settings();
        EchoAuth auth = s.authUrl() == null
                ? null
                : new EchoAuth(EchoAuth.client(s.auth()), s.auth(), node.signatures(), scheduler);
        events = new EchoEvents(node, access, auth);
        long shortest = Math.min(
                s.pingInterval().toMillis(),
                Math.min(s.pingTimeout().toMillis(), s.upgradeTimeout().toMillis()));
        long period = Math.max(20, shortest / 4);
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        node.drain().add(Drain.Stage.CLIENTS, "socketio", budget -> drain());
    }

    /**
     * The drain: every Engine.IO session is closed (a parked poll gets the {@code close} packet, a
     * WebSocket is closed), which socket.io-client reports as {@code transport close} and reconnects
     * from; never a Socket.IO {@code DISCONNECT}, after which the client would not reconnect.
     */
    private void drain() {
        sessions.values().forEach(s -> s.close("server shutting down"));
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        sessions.values().forEach(s -> s.close("server shutting down"));
    }

    SocketIoSettings settings() {
        return node.settings().socketIo();
    }

    /** Frames or packets queued for one slow client, and what happens to one more. */
    OutboundLimits outbound() {
        return node.outbound();
    }

    boolean enabled() {
        return node.settings().transportEnabled(SocketIoConnection.TRANSPORT);
    }

    /**
     * The user of a session opened directly on a WebSocket: the handshake's principal when
     * {@code realtime.cors.allowed-origins} is set (the {@code OriginCheck} has then refused other
     * origins), else nobody: without a list upgrades are not origin-checked, and a page on another
     * origin must not open a socket that acts as the visitor.
     */
    Principal webSocketUser(Principal handshake) {
        return node.settings().allowedOrigins().isEmpty() ? null : handshake;
    }

    /** Runs short tasks such as answering a parked GET, never on a broadcasting thread. */
    Executor executor() {
        return scheduler;
    }

    /**
     * A new session for the handshake's user, on polling ({@code socket == null}) or directly on a
     * WebSocket.
     */
    EngineSession open(Principal user, EngineSession.Socket socket) {
        EngineSession.Transport transport =
                socket == null ? EngineSession.Transport.POLLING : EngineSession.Transport.WEBSOCKET;
        EngineSession session = new EngineSession(
                newSid(),
                user,
                settings(),
                outbound(),
                node.settings().echoBytes(),
                transport,
                socket,
                closed -> {
                    sessions.remove(closed.sid(), closed);
                    release(closed.sid());
                },
                System.nanoTime());
        session.listen(new SocketIoSession(node, events, sockets, scheduler));
        sessions.put(session.sid(), session);
        return session;
    }

    /**
     * Closes {@code ticket} (the session's admission) once when {@code session} closes, or at once
     * when it already has.
     */
    void releaseOnClose(EngineSession session, AutoCloseable ticket) {
        tickets.put(session.sid(), ticket);
        if (sessions.get(session.sid()) != session) { // closed before the ticket was handed over
            release(session.sid());
        }
    }

    private void release(String sid) {
        AutoCloseable ticket = tickets.remove(sid);
        if (ticket != null) {
            try {
                ticket.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Releasing the admission of Engine.IO session " + sid + " failed", e);
            }
        }
    }

    EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** The Socket.IO socket (of any namespace) with that id on this node, or {@code null}. */
    SocketIoConnection socket(String id) {
        return id == null ? null : sockets.get(id);
    }

    /** The index itself, where each session's Socket.IO layer adds and removes its sockets. */
    Map<String, SocketIoConnection> socketIndex() {
        return sockets;
    }

    /** Sessions open on this node. */
    int size() {
        return sessions.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (EngineSession session : sessions.values()) {
            try {
                session.checkTimers(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Timer check of Engine.IO session " + session.sid() + " failed", e);
            }
        }
    }

    /** 20 URL-safe characters from 120 random bits, like Engine.IO's own ids. */
    private static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
