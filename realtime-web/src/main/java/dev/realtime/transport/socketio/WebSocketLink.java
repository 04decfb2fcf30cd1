package dev.realtime.transport.socketio;

import dev.realtime.connection.OutboundQueue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Engine.IO session's WebSocket: every frame goes through one bounded {@link OutboundQueue}
 * with a single asynchronous write in flight. A failed write or an overflowing queue reports to
 * the session, which closes.
 */
final class WebSocketLink implements EngineSession.Socket, SendHandler {
    private static final Logger LOG = Logger.getLogger(WebSocketLink.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final OutboundQueue<String> queue;
    private volatile Consumer<String> onFailure = reason -> {};

    WebSocketLink(Session session, int limit) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.queue = new OutboundQueue<>(
                limit,
                frame -> remote.sendText(frame, this),
                () -> onFailure.accept("transport error: client too slow"));
    }

    /** Who to tell when the socket cannot be written to any more. */
    void onFailure(Consumer<String> handler) {
        this.onFailure = handler;
    }

    @Override
    public void send(String frame) {
        queue.offer(frame);
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            LOG.log(Level.FINE, "Socket.IO WebSocket write failed", result.getException());
            onFailure.accept("transport error: write failed");
        }
        queue.written();
    }

    @Override
    public void close(String reason) {
        try {
            if (session.isOpen()) {
                String text = reason.length() > 120 ? reason.substring(0, 120) : reason;
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, text));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "Closing a Socket.IO WebSocket failed", e);
        }
    }
}
