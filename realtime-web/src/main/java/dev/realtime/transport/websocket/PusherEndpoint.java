package dev.realtime.transport.websocket;

import dev.realtime.RealtimeException;
import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Echo;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.io.OriginCheck;
import dev.realtime.transport.io.WritePaths;
import dev.realtime.web.WebSocketCloses;
import dev.realtime.web.admission.Admission;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Pusher Channels protocol v7 over JSR-356 at {@code /app/{appKey}}, so that pusher-js and
 * laravel-echo connect unchanged. One instance per connection. Bad frames get a
 * {@code pusher:error} and the connection stays open; an unknown app key closes with 4001, an
 * unsupported protocol version with 4007, a disabled transport with 4003, a connection over the
 * address's quota with 4004, over its handshake rate with 4301, on a full node with 4100
 * (admission control): a {@code pusher:error}, then a clean close (the reason cut to the 123 bytes
 * a close frame allows), and the connection is tracked nowhere. Replies that quote the client's
 * input quote at most {@code realtime.limits.echo-bytes} of it.
 */
@ServerEndpoint(value = "/app/{appKey}", configurator = OriginCheck.class)
public class PusherEndpoint {
    private static final Logger LOG = Logger.getLogger(PusherEndpoint.class.getName());
    /** Frames above this size are refused with {@code pusher:error}; the container closes at twice it. */
    static final int MAX_FRAME = 32 * 1024;

    @Inject
    RealtimeNode node;

    @Inject
    PusherRegistry sessions;

    @Inject
    WritePaths writePaths;

    @Inject
    Admission admission;

    private PusherConnection connection;

    @OnOpen
    public void open(Session session, @PathParam("appKey") String appKey) throws IOException {
        RealtimeSettings settings = node.settings();
        session.setMaxTextMessageBufferSize(2 * MAX_FRAME);
        if (!settings.transportEnabled(PusherConnection.TRANSPORT)) {
            refuse(session, 4003, "The websocket transport is disabled on this server");
        } else if (!settings.appKey().equals(appKey)) {
            refuse(session, 4001, "App key " + Echo.truncate(appKey, settings.echoBytes()) + " does not exist");
        } else if (!supportedProtocol(session.getRequestParameterMap().get("protocol"))) {
            refuse(session, 4007, "Unsupported protocol version; this server speaks 5 to 7");
        } else {
            AdmissionControl.Ticket ticket = admit(session);
            if (ticket == null) {
                return;
            }
            try {
                connection = new PusherConnection(node, session, writePaths);
            } catch (RuntimeException e) {
                ticket.close();
                throw e;
            }
            connection.registration().onClose(ticket);
            sessions.add(connection);
            connection.send(PusherFrames.connectionEstablished(
                    connection.id(), settings.activityTimeout().toSeconds()));
        }
    }

    @OnMessage
    public void message(String text) {
        if (connection == null) {
            return;
        }
        connection.seen();
        if (text.length() > MAX_FRAME) {
            connection.send(PusherFrames.error(4000, "Frame larger than " + MAX_FRAME + " characters"));
            return;
        }
        try {
            handle(ClientFrame.parse(text));
        } catch (RealtimeException e) {
            connection.send(PusherFrames.error(4000, e.getMessage()));
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            sessions.remove(connection);
            connection.closed();
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "WebSocket error", error);
    }

    private void handle(ClientFrame frame) {
        switch (frame.event()) {
            case "pusher:ping" -> connection.send(PusherFrames.PONG);
            case "pusher:pong" -> {
                // activity already recorded
            }
            case "pusher:subscribe" -> sessions.channels().subscribe(connection, frame);
            case "pusher:unsubscribe" -> {
                String channel = frame.dataString("channel");
                if (channel != null) {
                    connection.registration().unsubscribe(channel);
                }
            }
            case "pusher:signin" -> sessions.channels().signIn(connection, frame);
            default -> {
                if (frame.event().startsWith("client-")) {
                    sessions.clientEvents().handle(connection, frame);
                } else {
                    connection.send(PusherFrames.error(
                            4000,
                            "Unknown event "
                                    + Echo.truncate(
                                            frame.event(), node.settings().echoBytes())));
                }
            }
        }
    }

    /** The admission ticket, or {@code null} after closing with 4004 (quota), 4301 (rate) or 4100 (node full). */
    private AdmissionControl.Ticket admit(Session session) throws IOException {
        try {
            return admission.admit(session);
        } catch (AdmissionRefusedException e) {
            refuse(session, e.refusal().pusherCode(), e.getMessage());
            return null;
        }
    }

    private static boolean supportedProtocol(List<String> values) {
        if (values == null || values.isEmpty()) {
            return true;
        }
        try {
            int version = Integer.parseInt(values.get(0));
            return version >= 5 && version <= 7;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A {@code pusher:error} with the reason, then the close: the connection was never tracked. */
    private static void refuse(Session session, int code, String message) {
        try {
            session.getBasicRemote().sendText(PusherFrames.error(code, message));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not send the refusal " + code, e);
        }
        WebSocketCloses.close(session, code, message);
    }
}
