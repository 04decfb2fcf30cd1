package dev.realtime.api;

import dev.realtime.broker.Envelope;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ErrorResponses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /apps/{appId}/local_events}: messages another node published, handed to this node's
 * clients with {@code broadcastLocal()} (never published again). This is how a consumer running
 * outside the server (the standalone consumer) delivers: the body is the broker envelopes, one per
 * line, exactly as the broker carried them (ids and origins are kept).
 *
 * <p>Only for the machine itself and only signed: a request from any address but the loopback
 * gets 403 {@code local_only}; it is signed like every Pusher HTTP API call (401 otherwise), and
 * the body is read only after the query's signature verified, up to {@value #BODY_PAYLOADS} times
 * {@code realtime.limits.payload-bytes} plus {@value #ENVELOPE_OVERHEAD} bytes per envelope (413
 * {@code body_too_large} past it). The body is checked whole before anything is delivered: each
 * envelope must pass the broker input rules ({@link EnvelopeCodec#admit}, as a signed one: the
 * signed request proves the sender holds the app secret), else 400 {@code invalid_envelope} names
 * the line; 413 {@code too_many_events} past {@value #MAX_MESSAGES} lines. Answers 200
 * {@code {"delivered":n}}.
 */
@Path("apps/{appId}/local_events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LocalEventsResource {
    static final int MAX_MESSAGES = 10_000;
    /** Envelopes of the largest payload the body may hold: the standalone consumer's default batch. */
    static final int BODY_PAYLOADS = 500;
    /** Bytes an envelope adds to its payload (names, id, origin, fields). */
    static final int ENVELOPE_OVERHEAD = 1024;

    @Inject
    RealtimeNode node;

    @Inject
    ApiAuthenticator authenticator;

    @Context
    HttpServletRequest request;

    @POST
    public Response deliver(
            @PathParam("appId") String appId, @Context UriInfo uri, @Context HttpHeaders headers, InputStream stream) {
        if (!LocalOnly.isLoopback(request.getRemoteAddr())) {
            return ErrorResponses.of(
                    Response.Status.FORBIDDEN, "local_only", "local_events is accepted from this machine only");
        }
        int limit = (int) Math.min(
                Integer.MAX_VALUE, (long) BODY_PAYLOADS * (node.settings().payloadLimit() + ENVELOPE_OVERHEAD));
        byte[] body = authenticator.admitAndRead(appId, "POST", uri, headers.getLength(), stream, limit);
        EnvelopeCodec rules = envelopeRules();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        if (lines.length > MAX_MESSAGES) {
            return ErrorResponses.of(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "too_many_events",
                    "At most " + MAX_MESSAGES + " messages per request, got " + lines.length);
        }
        List<Message> messages = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                messages.add(rules.admit(Envelope.decode(lines[i]), true));
            } catch (RuntimeException e) {
                return ErrorResponses.of(
                        Response.Status.BAD_REQUEST,
                        "invalid_envelope",
                        "Line " + (i + 1) + ": " + cut(e.getMessage()));
            }
        }
        for (Message message : messages) {
            node.broadcastLocal(message);
        }
        node.consumerActivity().delivered(messages.size());
        return Response.ok("{\"delivered\":" + messages.size() + "}").build();
    }

    private static String cut(String reason) {
        String text = String.valueOf(reason);
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    private EnvelopeCodec envelopeRules() {
        return EnvelopeCodec.from(node.settings());
    }
}
