package dev.realtime.transport.longpoll;

import dev.realtime.admission.AdmissionControl;
import dev.realtime.message.Echo;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ChannelRequests;
import dev.realtime.web.ErrorResponses;
import dev.realtime.web.admission.Admission;
import dev.realtime.web.auth.ChannelAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Long-polling at {@code /realtime/poll}.
 *
 * <ul>
 *   <li>{@code GET ?channels=a,b} creates a client subscribed to those channels and answers at
 *       once with its id and cursor 0.
 *   <li>{@code GET ?client=ID&cursor=N} answers with every message after N (in order) as soon as
 *       there is one, or empty after {@code realtime.longpoll.timeout}. The answer's
 *       {@code cursor} is the one to send next; {@code missed} counts messages dropped because the
 *       client's buffer overflowed between polls.
 *   <li>{@code DELETE ?client=ID} forgets the client.
 * </ul>
 *
 * <p>Creating a client is admitted like any connection (429 / 503 with {@code Retry-After} when
 * refused); polls of an existing client are not handshakes and are not counted.
 */
@Path("realtime/poll")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LongPollResource {

    @Inject
    RealtimeNode node;

    @Inject
    LongPollRegistry clients;

    @Inject
    ChannelAccess access;

    @Inject
    Admission admission;

    @GET
    public void poll(
            @QueryParam("channels") String channels,
            @QueryParam("client") String clientId,
            @QueryParam("cursor") Long cursor,
            @Context SecurityContext security,
            @Context HttpServletRequest request,
            @Suspended AsyncResponse response) {
        try {
            if (clientId == null) {
                open(channels, security, request, response);
            } else {
                poll(clientId, cursor, user(security), response);
            }
        } catch (RuntimeException e) {
            response.resume(e); // mapped to the JSON error body like a thrown exception
        }
    }

    private static String user(SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        return principal != null ? principal.getName() : null;
    }

    private void open(String channels, SecurityContext security, HttpServletRequest request, AsyncResponse response) {
        ChannelRequests.requireTransport(node, LongPollConnection.TRANSPORT);
        Principal principal = security.getUserPrincipal();
        AdmissionControl.Ticket ticket = admission.admit(request); // refused: 429 / 503
        LongPollConnection client;
        List<ChannelAccess.Grant> grants;
        try {
            grants = ChannelRequests.authorize(node, access, principal, channels);
            client = clients.open(user(security));
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        client.registration().onClose(ticket); // released on DELETE, expiry, overflow or shutdown
        grants.forEach(g -> client.registration().subscribe(g.channel(), g.member()));
        response.resume(client.emptyFor(0));
    }

    private void poll(String clientId, Long cursor, String user, AsyncResponse response) {
        ChannelRequests.requireTransport(node, LongPollConnection.TRANSPORT);
        LongPollConnection client = clients.find(clientId);
        if (client == null || !client.ownedBy(user)) { // another user's client looks unknown
            throw ErrorResponses.error(
                    Response.Status.NOT_FOUND,
                    "unknown_client",
                    "Long-poll client "
                            + Echo.truncate(clientId, node.settings().echoBytes())
                            + " is unknown or expired; create a new one with ?channels=");
        }
        if (cursor == null) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "missing_cursor", "Give the cursor of the last answer as ?cursor=");
        }
        response.setTimeout(node.settings().longPollTimeout().toMillis(), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(client::timedOut);
        if (!client.poll(cursor, response)) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST,
                    "invalid_cursor",
                    "Cursor " + cursor + " is not between 0 and the last message sent to this client");
        }
    }

    @DELETE
    public Response close(@QueryParam("client") String clientId, @Context SecurityContext security) {
        LongPollConnection client = clients.find(clientId);
        if (client == null || !client.ownedBy(user(security)) || !clients.remove(clientId)) {
            return ErrorResponses.of(
                    Response.Status.NOT_FOUND,
                    "unknown_client",
                    "Long-poll client "
                            + Echo.truncate(clientId, node.settings().echoBytes()) + " is unknown");
        }
        return Response.noContent().build();
    }
}
