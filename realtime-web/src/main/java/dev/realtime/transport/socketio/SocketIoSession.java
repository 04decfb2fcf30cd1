package dev.realtime.transport.socketio;

import dev.realtime.RealtimeManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Socket.IO v5 layer of one Engine.IO session: CONNECT opens a socket on a namespace (answered
 * {@code 40{"sid"}}), DISCONNECT closes it, EVENTs go to the {@link EchoEvents}. Every namespace
 * has the same channel semantics. Binary packets are refused: the socket gets CONNECT_ERROR
 * {@code "Binary attachments are not supported"} and is closed. A malformed packet closes the whole
 * session (Engine.IO's {@code parse error}), as Socket.IO's own server does.
 */
final class SocketIoSession implements EngineSession.Listener {
    static final String BINARY_REFUSED = "Binary attachments are not supported by this server";
    /** Namespaces one session may open. */
    static final int MAX_NAMESPACES = 16;

    private final RealtimeManager manager;
    private final EchoEvents events;
    private final Map<String, SocketIoConnection> sockets = new ConcurrentHashMap<>();

    SocketIoSession(RealtimeManager manager, EchoEvents events) {
        this.manager = manager;
        this.events = events;
    }

    @Override
    public void onMessage(EngineSession engine, String data) {
        SocketPacket packet = SocketPacket.decode(data);
        String ns = packet.namespace();
        switch (packet.type()) {
            case CONNECT -> connect(engine, ns);
            case DISCONNECT -> {
                SocketIoConnection socket = sockets.remove(ns);
                if (socket != null) {
                    socket.closed();
                }
            }
            case EVENT -> {
                SocketIoConnection socket = sockets.get(ns);
                if (socket != null) {
                    events.handle(socket, packet);
                }
            }
            case ACK -> {
                // the gateway never asks a client for an acknowledgement: nothing waits for one
            }
            case BINARY_EVENT, BINARY_ACK -> {
                SocketIoConnection socket = sockets.remove(ns);
                if (socket != null) {
                    socket.closed();
                }
                engine.send(SocketIoFrames.connectError(ns, BINARY_REFUSED));
            }
            case CONNECT_ERROR -> throw new ProtocolException("a client never sends CONNECT_ERROR");
        }
    }

    private void connect(EngineSession engine, String ns) {
        SocketIoConnection socket = sockets.get(ns);
        if (socket == null) {
            if (sockets.size() >= MAX_NAMESPACES) {
                engine.send(SocketIoFrames.connectError(ns, "Too many namespaces on one connection"));
                return;
            }
            socket = new SocketIoConnection(manager, engine, ns);
            sockets.put(ns, socket);
            if (engine.isClosed()) { // closed meanwhile: onClose may have run before the put
                sockets.remove(ns);
                socket.closed();
                return;
            }
        }
        engine.send(SocketIoFrames.connected(ns, socket.id()));
    }

    @Override
    public void onClose(EngineSession engine, String reason) {
        sockets.values().forEach(SocketIoConnection::closed);
        sockets.clear();
    }
}
