package dev.realtime.transport.socketio;

import dev.realtime.config.SocketIoSettings;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.message.Echo;
import dev.realtime.transport.io.TextFrame;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Engine.IO v4 session: its transport (HTTP long-polling or WebSocket), the switch from the
 * first to the second at the end of an {@link EngineUpgrade}, the server's pings and the close. Packets for a polling client wait in a {@link PollingBuffer} (bounded in packets and bytes)
 * until its next GET; a WebSocket client gets them through the socket's own bounded queue. A packet
 * that does not fit either closes the session or is dropped for it alone, as
 * {@code realtime.limits.outbound-policy} says. A client's ping is answered with at most
 * {@code realtime.limits.echo-bytes} of its payload ({@code probe} always fits).
 *
 * <p>Threading: every method is thread-safe (one monitor, held only for bookkeeping); none blocks.
 * Parked GETs are answered through {@link PollReply}, which must not block either. The listener
 * (the Socket.IO layer) is called on the thread that delivered the packet, outside the monitor.
 *
 * <p>Past 300 lines because polling, the transport switch and the close share this one monitor; the
 * parts with state of their own (upgrade, heartbeat, polling buffer) are classes apart.
 */
final class EngineSession {
    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());

    /** The Socket.IO layer above this session. */
    interface Listener {
        void onMessage(EngineSession session, String data);

        void onClose(EngineSession session, String reason);

        /** The sweep's tick ({@link System#nanoTime()}), for the layer's own timers. */
        default void onTimer(long now) {}
    }

    /** Answers a parked long-poll GET with a payload; must not block the caller. */
    interface PollReply {
        void send(String payload);
    }

    /** A WebSocket as this session sees it: queued, non-blocking sends and a close. */
    interface Socket {
        void send(TextFrame frame);

        void close(String reason);
    }

    enum Transport {
        POLLING,
        WEBSOCKET
    }

    /** What {@link #poll} did with a GET. */
    enum PollResult {
        ANSWERED,
        PARKED,
        /** a second GET while one waits: the session is closed (Engine.IO's "overlap from client") */
        OVERLAP,
        /** the session uses WebSocket now: a GET is a bad request */
        WRONG_TRANSPORT,
        CLOSED
    }

    private final String sid;
    private final Principal user;
    private final SocketIoSettings settings;
    private final OutboundLimits outbound;
    private final int echoBytes;
    private final Consumer<EngineSession> onClosed;
    private volatile Listener listener;

    private Transport transport;
    private final PollingBuffer buffer;
    private Socket socket;
    private final EngineUpgrade upgrade;
    private final Heartbeat heartbeat;
    private boolean closed;

    /**
     * @param outbound packets held for a polling client, and what happens to one more
     * @param echoBytes most bytes of a ping's payload the pong repeats
     * @param onClosed told once when the session closes (the registry forgets it)
     */
    EngineSession(
            String sid,
            Principal user,
            SocketIoSettings settings,
            OutboundLimits outbound,
            int echoBytes,
            Transport transport,
            Socket socket,
            Consumer<EngineSession> onClosed,
            long now) {
        this.sid = sid;
        this.user = user;
        this.settings = settings;
        this.outbound = outbound;
        this.echoBytes = echoBytes;
        this.buffer = new PollingBuffer(outbound.limit(), outbound.budget());
        this.transport = transport;
        this.socket = socket;
        this.onClosed = onClosed;
        this.heartbeat = new Heartbeat(settings.pingInterval(), settings.pingTimeout(), now);
        this.upgrade = new EngineUpgrade(this, settings.upgradeTimeout());
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    String sid() {
        return sid;
    }

    /** The user of the handshake request, or {@code null}: every namespace socket acts as it. */
    Principal user() {
        return user;
    }

    synchronized Transport transport() {
        return transport;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The open packet: {@code 0{"sid","upgrades","pingInterval","pingTimeout","maxPayload"}}. */
    String openPacket() {
        String upgrades = transport == Transport.POLLING ? "[\"websocket\"]" : "[]";
        return EnginePacket.Type.OPEN.code() + "{\"sid\":\"" + sid + "\",\"upgrades\":" + upgrades
                + ",\"pingInterval\":" + settings.pingInterval().toMillis() + ",\"pingTimeout\":"
                + settings.pingTimeout().toMillis() + ",\"maxPayload\":" + settings.maxPayload() + "}";
    }

    /** Queues one encoded packet for the client. */
    void send(String packet) {
        send(TextFrame.of(packet));
    }

    /**
     * Queues one encoded packet, shared with other sessions (a broadcast); a client too far behind
     * is closed or loses the packet, as the outbound policy says.
     */
    void send(TextFrame packet) {
        PollReply reply = null;
        String payload = null;
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (transport == Transport.WEBSOCKET) {
                socket.send(packet); // non-blocking, and ordered with the upgrade's flush
                return;
            }
            if (!buffer.add(packet.text())) {
                overflow = !outbound.drop();
            } else if (buffer.waiting() != null) {
                reply = buffer.unpark();
                payload = buffer.drain();
            }
        }
        if (overflow) {
            close("transport error: client too slow");
        } else if (reply != null) {
            reply.send(payload);
        }
    }

    /** A long-poll GET: answered at once when packets wait, else parked until one comes. */
    PollResult poll(PollReply reply) {
        String payload;
        synchronized (this) {
            if (closed) {
                return PollResult.CLOSED;
            }
            if (transport != Transport.POLLING) {
                return PollResult.WRONG_TRANSPORT;
            }
            if (buffer.waiting() != null) {
                payload = null;
            } else if (!buffer.isEmpty()) {
                payload = buffer.drain();
            } else if (upgrade.inProgress()) {
                payload = EnginePacket.NOOP; // upgrading: let the client pause polling
            } else {
                buffer.park(reply);
                return PollResult.PARKED;
            }
        }
        if (payload == null) {
            close("transport error: overlapping polls");
            return PollResult.OVERLAP;
        }
        reply.send(payload);
        return PollResult.ANSWERED;
    }

    /**
     * The parked GET's own timeout: true when it still waited and is now released (the caller
     * answers it with a noop), false when an answer is already on its way.
     */
    synchronized boolean pollTimedOut(PollReply reply) {
        if (buffer.waiting() != reply) {
            return false;
        }
        buffer.unpark();
        return true;
    }

    /** Packets from the client's current transport (a polling POST or the upgraded socket). */
    void receive(List<EnginePacket> packets) {
        for (EnginePacket packet : packets) {
            if (isClosed()) {
                return;
            }
            receive(packet);
        }
    }

    private void receive(EnginePacket packet) {
        switch (packet.type()) {
            case PONG -> heartbeat.pong(System.nanoTime());
            case PING -> send(EnginePacket.Type.PONG.code() + Echo.truncate(packet.data(), echoBytes));
            case MESSAGE -> {
                Listener l = listener;
                if (l != null) {
                    l.onMessage(this, packet.data());
                }
            }
            case CLOSE -> close("client close");
            case NOOP, UPGRADE -> {
                // nothing to do
            }
            case OPEN -> throw new ProtocolException("a client never sends an open packet");
        }
    }

    /** A text frame from one of this session's sockets (the current one or an upgrade probe). */
    void receiveFrame(Socket from, String frame) {
        boolean fromProbe;
        synchronized (this) {
            fromProbe = upgrade.isProbe(from);
            if (!fromProbe && from != socket) {
                return; // a dropped probe's late frame
            }
        }
        EnginePacket packet = EnginePacket.decode(frame);
        if (packet == null) {
            return; // binary attachment data: refused by the Socket.IO layer, dropped here
        }
        if (fromProbe) {
            upgrade.receive(from, packet);
        } else {
            receive(List.of(packet));
        }
    }

    /** A WebSocket that wants to take over this polling session; false when it may not. */
    synchronized boolean startProbe(Socket candidate, long now) {
        return !closed && transport == Transport.POLLING && upgrade.start(candidate, now);
    }

    /** The parked GET, released (the caller answers it), or {@code null}. */
    synchronized PollReply unparkPoll() {
        return buffer.unpark();
    }

    /**
     * The upgrade's last step: the probe {@code from} becomes this session's socket and gets the
     * packets that waited for polling, in order.
     *
     * @return the parked GET to answer with a noop, or {@code null}
     */
    synchronized PollReply switchTo(Socket from) {
        if (closed || !upgrade.isProbe(from)) {
            return null;
        }
        PollReply reply = buffer.unpark();
        transport = Transport.WEBSOCKET;
        socket = from;
        upgrade.take();
        buffer.takeAll().forEach(p -> from.send(TextFrame.of(p)));
        return reply;
    }

    /** A socket of this session closed from the client's side. */
    void socketClosed(Socket which) {
        synchronized (this) {
            if (upgrade.forget(which)) {
                return;
            }
            if (which != socket) {
                return;
            }
        }
        close("transport close");
    }

    /**
     * The sweep: sends a ping every {@code pingInterval} after the last pong, closes the session
     * when the answer is {@code pingTimeout} late, drops an upgrade probe that did not finish
     * within {@code upgradeTimeout}, and passes the tick to the listener (acknowledgement timeouts).
     */
    void checkTimers(long now) {
        Socket staleProbe = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            staleProbe = upgrade.staleAt(now);
        }
        if (staleProbe != null) {
            upgrade.drop(staleProbe, "upgrade timeout");
        }
        switch (heartbeat.check(now)) {
            case TIMED_OUT -> close("ping timeout");
            case PING -> send(EnginePacket.PING);
            case NOTHING -> {
                // not yet
            }
        }
        Listener l = listener;
        if (l != null && !isClosed()) {
            l.onTimer(now);
        }
    }

    /**
     * Ends the session: a parked GET gets the close packet, sockets are closed, the Socket.IO layer
     * and the registry are told. Idempotent.
     */
    void close(String reason) {
        PollReply reply;
        List<Socket> sockets = new ArrayList<>(2);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reply = buffer.unpark();
            buffer.close();
            if (socket != null) {
                sockets.add(socket);
            }
            Socket probe = upgrade.take();
            if (probe != null) {
                sockets.add(probe);
            }
        }
        LOG.fine(() -> "Engine.IO session " + sid + " closed: " + reason);
        if (reply != null) {
            reply.send(EnginePacket.CLOSE);
        }
        for (Socket s : sockets) {
            try {
                s.close(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing a socket of " + sid + " failed", e);
            }
        }
        Listener l = listener;
        try {
            if (l != null) {
                l.onClose(this, reason);
            }
        } finally {
            onClosed.accept(this); // the registry forgets it (and releases its admission) whatever happened
        }
    }

    /** Bytes waiting for this polling client now (tests). */
    synchronized long bufferedBytes() {
        return buffer.heldBytes();
    }
}
