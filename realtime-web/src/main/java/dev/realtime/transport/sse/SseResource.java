package dev.realtime.transport.sse;

import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.admission.Refusal;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ChannelRequests;
import dev.realtime.web.admission.Admission;
import dev.realtime.web.auth.ChannelAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /realtime/sse?channels=a,b}: one event stream for several channels. Resumes after
 * {@code Last-Event-ID} (header, or {@code lastEventId} query parameter) while this node's history
 * still holds that message. Bad input is refused with a JSON error before the stream starts, and so
 * is a stream that admission control refuses (429 / 503 with {@code Retry-After}); on a draining
 * node, whose 503 would make a browser's {@code EventSource} give up for good, the stream opens with
 * {@code retry: 1000} and ends at once, so that the client comes back through the load balancer.
 */
@Path("realtime/sse")
@RequestScoped
public class SseResource {

    @Inject
    RealtimeNode node;

    @Inject
    SseRegistry streams;

    @Inject
    ChannelAccess access;

    @Inject
    Admission admission;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @QueryParam("channels") String channels,
            @HeaderParam("Last-Event-ID") String lastEventHeader,
            @QueryParam("lastEventId") String lastEventParam,
            @Context SecurityContext security,
            @Context Sse sse,
            @Context SseEventSink sink,
            @Context HttpServletRequest request) {
        ChannelRequests.requireTransport(node, SseConnection.TRANSPORT);
        Principal principal = security.getUserPrincipal();
        AdmissionControl.Ticket ticket;
        try {
            ticket = admission.admit(request); // refused: 429 / 503, before any work
        } catch (AdmissionRefusedException e) {
            if (e.refusal() != Refusal.DRAINING) {
                throw e;
            }
            // an EventSource gives up for good on a 503: a retry and the end make it come back elsewhere
            sink.send(streams.wireFormat(sse).reconnectElsewhere());
            sink.close();
            return;
        }
        List<ChannelAccess.Grant> grants;
        SseWireFormat events;
        SseConnection connection;
        try {
            grants = ChannelRequests.authorize(node, access, principal, channels);
            events = streams.wireFormat(sse);
            connection = streams.open(sink, events, principal != null ? principal.getName() : null);
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        connection.registration().onClose(ticket); // released once, whichever way the stream ends
        List<String> names = grants.stream().map(ChannelAccess.Grant::channel).toList();
        grants.forEach(g -> connection.registration().subscribe(g.channel(), g.member()));
        String lastEventId = lastEventHeader != null ? lastEventHeader : lastEventParam;
        Optional<List<Message>> replay = lastEventId == null || lastEventId.isBlank()
                ? Optional.empty()
                : node.history().after(lastEventId, m -> names.contains(m.channel()));
        connection.start(events.connected(connection.id(), names, replay.isPresent()), replay.orElse(List.of()));
    }
}
