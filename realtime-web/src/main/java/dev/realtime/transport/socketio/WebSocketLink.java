package dev.realtime.transport.socketio;

import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundQueue;
import dev.realtime.transport.io.FrameSender;
import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.io.WritePaths;
import dev.realtime.web.WebSocketCloses;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Engine.IO session's WebSocket: every frame goes through one bounded {@link OutboundQueue}
 * with a single asynchronous write in flight, written by the session's {@link FrameSender} (shared
 * broadcast frames are not encoded again on the native path). A failed write reports to the
 * session, which closes; a frame that does not fit does too under the {@code close} policy, and is
 * dropped for this client alone under {@code drop}.
 */
final class WebSocketLink implements EngineSession.Socket, FrameSender.Completion {
    private static final Logger LOG = Logger.getLogger(WebSocketLink.class.getName());

    private final Session session;
    private final OutboundQueue<TextFrame> queue;
    private volatile Consumer<String> onFailure = reason -> {};

    WebSocketLink(Session session, OutboundLimits outbound, WritePaths writePaths) {
        this.session = session;
        FrameSender sender = writePaths.open(session, this);
        this.queue = outbound.queue(
                0, TextFrame::retainedBytes, sender::send, () -> onFailure.accept("transport error: client too slow"));
    }

    /** Who to tell when the socket cannot be written to any more. */
    void onFailure(Consumer<String> handler) {
        this.onFailure = handler;
    }

    @Override
    public void send(TextFrame frame) {
        queue.offer(frame);
    }

    @Override
    public void completed(Throwable failure) {
        if (failure != null) {
            LOG.log(Level.FINE, "Socket.IO WebSocket write failed", failure);
            onFailure.accept("transport error: write failed");
        }
        queue.written();
    }

    /** The WebSocket has closed: what still waits for it goes back to the node's byte budget. */
    void ended() {
        queue.close();
    }

    @Override
    public void close(String reason) {
        if (session.isOpen()) {
            WebSocketCloses.close(session, CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), reason);
        }
    }
}
