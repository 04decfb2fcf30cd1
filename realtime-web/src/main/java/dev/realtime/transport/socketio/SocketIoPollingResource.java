package dev.realtime.transport.socketio;

import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ChannelRequests;
import dev.realtime.web.admission.Admission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Engine.IO's HTTP long-polling transport at {@code /socket.io/}: a GET without {@code sid} opens
 * a session (the answer is the open packet); a GET with it waits for packets (answered at once when
 * some wait, else when the next one comes: at the latest the next ping); a POST carries packets
 * from the client, separated by {@code \x1e}, answered {@code ok}. {@code EIO=4} is required.
 * Errors are Engine.IO's (400 with {@code {code, message}}); a body over {@code maxPayload} is
 * refused with 413 and closes the session. A handshake that admission control refuses gets 429 or
 * 503 with {@code Retry-After} and Engine.IO's {@code {"code":4,"message":…}}. The user of the opening request (the JAX-RS
 * {@link SecurityContext}) is the session's user for the channel authorizers. CORS comes from the
 * application's {@code CorsFilter}, as on every HTTP endpoint.
 */
@Path("{engine: socket\\.io/?}")
@RequestScoped
public class SocketIoPollingResource {
    private static final Logger LOG = Logger.getLogger(SocketIoPollingResource.class.getName());
    private static final String TEXT = "text/plain; charset=UTF-8";

    @Inject
    SocketIoRegistry sessions;

    @Inject
    RealtimeNode node;

    @Inject
    Admission admission;

    @GET
    public void get(
            @QueryParam("EIO") String eio,
            @QueryParam("transport") String transport,
            @QueryParam("sid") String sid,
            @HeaderParam("Upgrade") String upgrade,
            @Context SecurityContext security,
            @Context HttpServletRequest request,
            @Suspended AsyncResponse response) {
        if ("websocket".equalsIgnoreCase(upgrade)) {
            // an upgrade the WebSocket container passed on: its origin check refused it
            response.resume(EngineErrors.FORBIDDEN.response());
            return;
        }
        Response refused = check(eio, transport);
        if (refused != null) {
            response.resume(refused);
            return;
        }
        if (sid == null) {
            AdmissionControl.Ticket ticket;
            try {
                ticket = admission.admit(request);
            } catch (AdmissionRefusedException e) {
                response.resume(EngineRefusals.polling(e));
                return;
            }
            EngineSession session = sessions.open(security.getUserPrincipal(), null);
            sessions.releaseOnClose(session, ticket);
            response.resume(text(session.openPacket()));
            return;
        }
        EngineSession session = sessions.find(sid);
        if (session == null) {
            response.resume(EngineErrors.UNKNOWN_SID.response());
            return;
        }
        EngineSession.PollReply reply = payload -> resumeLater(response, payload);
        long wait = sessions.settings()
                .pingInterval()
                .plus(sessions.settings().pingTimeout())
                .toMillis();
        response.setTimeout(wait, TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(r -> {
            if (session.pollTimedOut(reply)) {
                r.resume(text(EnginePacket.NOOP));
            }
        });
        switch (session.poll(reply)) {
            case ANSWERED, PARKED -> {
                // answered through the reply
            }
            case CLOSED -> response.resume(EngineErrors.UNKNOWN_SID.response());
            case OVERLAP, WRONG_TRANSPORT -> response.resume(EngineErrors.BAD_REQUEST.response());
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(
            @QueryParam("EIO") String eio,
            @QueryParam("transport") String transport,
            @QueryParam("sid") String sid,
            InputStream body)
            throws IOException {
        Response refused = check(eio, transport);
        if (refused != null) {
            return refused;
        }
        if (sid == null) {
            return EngineErrors.BAD_HANDSHAKE_METHOD.response();
        }
        EngineSession session = sessions.find(sid);
        if (session == null) {
            return EngineErrors.UNKNOWN_SID.response();
        }
        if (session.transport() != EngineSession.Transport.POLLING) {
            return EngineErrors.BAD_REQUEST.response();
        }
        int limit = sessions.settings().maxPayload();
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            session.close("transport error: payload over maxPayload");
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).build();
        }
        try {
            session.receive(EnginePacket.decodePayload(new String(bytes, StandardCharsets.UTF_8)));
        } catch (ProtocolException e) {
            session.close("parse error: " + e.getMessage());
            return EngineErrors.BAD_REQUEST.response();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Engine.IO session " + sid + " failed on a packet", e);
            session.close("server error");
            return EngineErrors.BAD_REQUEST.response();
        }
        return Response.ok("ok", "text/html").build();
    }

    private Response check(String eio, String transport) {
        ChannelRequests.requireTransport(node, SocketIoConnection.TRANSPORT);
        if (!"polling".equals(transport)) {
            return EngineErrors.UNKNOWN_TRANSPORT.response();
        }
        if (!"4".equals(eio)) {
            return EngineErrors.UNSUPPORTED_PROTOCOL_VERSION.response();
        }
        return null;
    }

    private void resumeLater(AsyncResponse response, String payload) {
        Runnable resume = () -> response.resume(text(payload));
        try {
            sessions.executor().execute(resume);
        } catch (RejectedExecutionException e) { // shutting down
            resume.run();
        }
    }

    private static Response text(String payload) {
        return Response.ok(payload, TEXT).build();
    }
}
