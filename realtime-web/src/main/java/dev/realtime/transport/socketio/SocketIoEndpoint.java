package dev.realtime.transport.socketio;

import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.transport.io.OriginCheck;
import dev.realtime.transport.io.TextFrame;
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
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Engine.IO's WebSocket transport at {@code /socket.io/} (JSR-356). Without {@code sid} it opens a
 * session directly on the socket (the first frame is the open packet, with no further upgrades);
 * with the {@code sid} of a polling session it is that session's upgrade probe
 * ({@code 2probe} → {@code 3probe}, then {@code 5}). Upgrades from browser origins outside
 * {@code realtime.cors.allowed-origins} are refused by the same {@link OriginCheck} as the Pusher
 * endpoint. A frame over {@code maxPayload} bytes closes the session (the client reconnects); a malformed frame closes it with Engine.IO's {@code parse error}. Binary
 * frames (attachment data) are dropped: the Socket.IO layer has already refused their packet. A
 * session opened directly on the socket is admitted first; a refusal closes with 1013 (try again
 * later) or 1008 (policy violation) and a short reason.
 */
@ServerEndpoint(value = "/socket.io/", configurator = OriginCheck.class)
public class SocketIoEndpoint {
    private static final Logger LOG = Logger.getLogger(SocketIoEndpoint.class.getName());

    @Inject
    SocketIoRegistry sessions;

    @Inject
    WritePaths writePaths;

    @Inject
    Admission admission;

    private EngineSession session;
    private WebSocketLink link;

    @OnOpen
    public void open(Session ws) throws IOException {
        Map<String, List<String>> query = ws.getRequestParameterMap();
        if (!sessions.enabled()) {
            refuse(ws, "The socketio transport is disabled on this server");
            return;
        }
        if (!"4".equals(first(query, "EIO")) || !"websocket".equals(first(query, "transport"))) {
            refuse(ws, "Engine.IO 4 over transport=websocket only");
            return;
        }
        int maxPayload = sessions.settings().maxPayload();
        ws.setMaxTextMessageBufferSize(maxPayload);
        ws.setMaxBinaryMessageBufferSize(maxPayload);
        WebSocketLink socket = new WebSocketLink(ws, sessions.outbound(), writePaths);
        String sid = first(query, "sid");
        EngineSession target;
        if (sid == null) {
            AdmissionControl.Ticket ticket;
            try {
                ticket = admission.admit(ws);
            } catch (AdmissionRefusedException e) {
                ws.close(EngineRefusals.webSocket(e));
                return;
            }
            target = sessions.open(sessions.webSocketUser(ws.getUserPrincipal()), socket);
            sessions.releaseOnClose(target, ticket);
            socket.onFailure(target::close);
            link = socket;
            session = target;
            socket.send(TextFrame.of(target.openPacket()));
            return;
        }
        target = sessions.find(sid);
        if (target == null || !target.startProbe(socket, System.nanoTime())) {
            refuse(ws, "Session ID unknown or not upgradable");
            return;
        }
        socket.onFailure(target::close);
        link = socket;
        session = target;
    }

    @OnMessage
    public void text(String frame) {
        if (session == null) {
            return;
        }
        if (overLimit(frame, sessions.settings().maxPayload())) {
            session.close("transport error: message over maxPayload");
            return;
        }
        try {
            session.receiveFrame(link, frame);
        } catch (ProtocolException e) {
            session.close("parse error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Engine.IO session " + session.sid() + " failed on a frame", e);
            session.close("server error");
        }
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        // attachment data of a binary packet the Socket.IO layer refused
    }

    @OnClose
    public void close(CloseReason reason) {
        if (session != null) {
            session.socketClosed(link);
        }
        if (link != null) {
            link.ended();
        }
    }

    @OnError
    public void error(Session ws, Throwable error) {
        LOG.log(Level.FINE, "Socket.IO WebSocket error", error);
    }

    /** More than {@code limit} bytes in UTF-8 (counted only when the length leaves a doubt). */
    static boolean overLimit(String frame, int limit) {
        if (frame.length() > limit) {
            return true;
        }
        return frame.length() > limit / 3 && frame.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void refuse(Session ws, String reason) {
        WebSocketCloses.close(ws, CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), reason);
    }
}
