package dev.realtime.transport.socketio;

import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.socketio.EngineSession.PollReply;
import dev.realtime.transport.socketio.EngineSession.Socket;
import java.time.Duration;

/**
 * The upgrade of one polling {@link EngineSession} to WebSocket: at most one probing socket, which
 * answers {@code 2probe} with {@code 3probe} and takes the session over on {@code 5}; a probe that
 * sends anything else, or does not finish within {@code realtime.socketio.upgrade-timeout}, is
 * dropped and polling goes on.
 *
 * <p>Threading: its state is part of the session's and guarded by the session's monitor (the
 * methods marked so are called with it held, the others take it); sends and closes happen outside
 * it. Never blocks.
 */
final class EngineUpgrade {
    private final EngineSession session;
    private final long timeoutNanos;
    private Socket probe;
    private long started;

    EngineUpgrade(EngineSession session, Duration timeout) {
        this.session = session;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Called with the session's monitor held. */
    boolean inProgress() {
        return probe != null;
    }

    /** Called with the session's monitor held: whether {@code socket} is the probe. */
    boolean isProbe(Socket socket) {
        return socket == probe;
    }

    /** Called with the session's monitor held: {@code candidate} probes; false while another does. */
    boolean start(Socket candidate, long now) {
        if (probe != null) {
            return false;
        }
        probe = candidate;
        started = now;
        return true;
    }

    /** Called with the session's monitor held: forgets {@code which} if it is the probe. */
    boolean forget(Socket which) {
        if (probe != which) {
            return false;
        }
        probe = null;
        return true;
    }

    /** Called with the session's monitor held: the probe (to close with the session), now forgotten. */
    Socket take() {
        Socket p = probe;
        probe = null;
        return p;
    }

    /** Called with the session's monitor held: the probe when it is older than the upgrade timeout. */
    Socket staleAt(long now) {
        return probe != null && now - started > timeoutNanos ? probe : null;
    }

    /** A packet from the probing socket {@code from}. */
    void receive(Socket from, EnginePacket packet) {
        PollReply reply;
        if (packet.type() == EnginePacket.Type.PING && "probe".equals(packet.data())) {
            from.send(TextFrame.of(EnginePacket.Type.PONG.code() + "probe"));
            reply = session.unparkPoll();
        } else if (packet.type() == EnginePacket.Type.UPGRADE) {
            reply = session.switchTo(from);
        } else {
            drop(from, "invalid packet during the upgrade");
            return;
        }
        if (reply != null) {
            reply.send(EnginePacket.NOOP); // the client pauses polling once its GET returns
        }
    }

    /** Closes {@code which} if it is still the probe; polling goes on. */
    void drop(Socket which, String reason) {
        synchronized (session) {
            if (!forget(which)) {
                return;
            }
        }
        which.close(reason);
    }
}
