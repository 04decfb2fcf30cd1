package dev.realtime.transport.socketio;

import dev.realtime.config.SocketIoSettings;
import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The Socket.IO v5 layer of one Engine.IO session: CONNECT opens a socket on a namespace (answered
 * {@code 40{"sid"}}), DISCONNECT closes it, EVENTs go to the {@link EchoEvents}. Every namespace
 * has the same channel semantics. Binary packets are refused: the socket gets CONNECT_ERROR
 * {@code "Binary attachments are not supported"} and is closed. A malformed packet closes the whole
 * session (Engine.IO's {@code parse error}), as Socket.IO's own server does; so does a namespace
 * name over {@code realtime.socketio.namespace-length}. A session opens at most
 * {@code realtime.socketio.namespaces} namespaces (one more gets CONNECT_ERROR), and its sockets
 * share its {@link Quotas}.
 */
final class SocketIoSession implements EngineSession.Listener {
    static final String BINARY_REFUSED = "Binary attachments are not supported by this server";
    static final String TOO_MANY_NAMESPACES = "Too many namespaces on one connection";

    /**
     * What the sockets of one session share: permits for the acknowledgements the server waits for
     * ({@code realtime.socketio.pending-acks}) and for the calls to the channel-auth endpoint
     * ({@code realtime.socketio.auth-in-flight}). Thread-safe.
     */
    record Quotas(Semaphore acks, Semaphore authCalls) {
        static Quotas of(SocketIoSettings settings) {
            return new Quotas(
                    new Semaphore(settings.pendingAcks()),
                    new Semaphore(settings.auth().inFlight()));
        }
    }

    private final RealtimeNode node;
    private final SocketIoSettings settings;
    private final Quotas quotas;
    private final EchoEvents events;
    private final Map<String, SocketIoConnection> index;
    private final Executor executor;
    private final Map<String, SocketIoConnection> sockets = new ConcurrentHashMap<>();

    /** A session on its own (tests): acknowledgements complete on the calling thread. */
    SocketIoSession(RealtimeNode node, EchoEvents events) {
        this(node, events, new ConcurrentHashMap<>(), Runnable::run);
    }

    /**
     * @param index this node's sockets by id, where this session adds and removes its own
     * @param executor completes the futures of server-side acknowledgements
     */
    SocketIoSession(RealtimeNode node, EchoEvents events, Map<String, SocketIoConnection> index, Executor executor) {
        this.node = node;
        this.settings = node.settings().socketIo();
        this.quotas = Quotas.of(settings);
        this.events = events;
        this.index = index;
        this.executor = executor;
    }

    @Override
    public void onMessage(EngineSession engine, String data) {
        SocketPacket packet = SocketPacket.decode(data);
        String ns = packet.namespace();
        if (ns.length() > settings.namespaceLength()) {
            throw new ProtocolException("namespace name over " + settings.namespaceLength() + " characters");
        }
        switch (packet.type()) {
            case CONNECT -> connect(engine, ns);
            case DISCONNECT -> close(sockets.remove(ns), Disconnect.CLIENT);
            case EVENT -> {
                SocketIoConnection socket = sockets.get(ns);
                if (socket != null) {
                    events.handle(socket, packet);
                }
            }
            case ACK -> {
                SocketIoConnection socket = sockets.get(ns);
                if (socket != null && packet.ackId() != null) {
                    socket.acks().complete(packet.ackId(), packet.data().asJsonArray()); // unknown ids: ignored
                }
            }
            case BINARY_EVENT, BINARY_ACK -> {
                close(sockets.remove(ns), Disconnect.ERROR);
                engine.send(SocketIoFrames.connectError(ns, BINARY_REFUSED));
            }
            case CONNECT_ERROR -> throw new ProtocolException("a client never sends CONNECT_ERROR");
        }
    }

    private void connect(EngineSession engine, String ns) {
        SocketIoConnection socket = sockets.get(ns);
        if (socket == null) {
            if (sockets.size() >= settings.namespaces()) {
                engine.send(SocketIoFrames.connectError(ns, TOO_MANY_NAMESPACES));
                return;
            }
            socket = new SocketIoConnection(node, engine, ns, executor, quotas);
            sockets.put(ns, socket);
            index.put(socket.id(), socket);
            if (engine.isClosed()) { // closed meanwhile: onClose may have run before the put
                sockets.remove(ns);
                close(socket, Disconnect.CLIENT);
                return;
            }
        }
        engine.send(SocketIoFrames.connected(ns, socket.id()));
    }

    /** The sweep: fails the acknowledgements whose timeout has passed. */
    @Override
    public void onTimer(long now) {
        sockets.values().forEach(socket -> socket.acks().expire(now));
    }

    @Override
    public void onClose(EngineSession engine, String reason) {
        Disconnect why = why(reason);
        sockets.values().forEach(socket -> close(socket, why));
        sockets.clear();
    }

    /** The Engine.IO close reason as a {@link Disconnect} (a server close counted its own reason already). */
    static Disconnect why(String reason) {
        if (reason.equals("client close") || reason.equals("transport close")) {
            return Disconnect.CLIENT;
        } else if (reason.equals("ping timeout")) {
            return Disconnect.TIMEOUT;
        } else if (reason.equals("transport error: client too slow")) {
            return Disconnect.SLOW;
        } else if (reason.equals("server shutting down")) {
            return Disconnect.SHUTDOWN;
        }
        return Disconnect.ERROR;
    }

    private void close(SocketIoConnection socket, Disconnect why) {
        if (socket != null) {
            index.remove(socket.id(), socket);
            socket.closed(why);
        }
    }
}
