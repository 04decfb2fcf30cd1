package dev.realtime.demo.web;

import dev.realtime.demo.DemoPublisher;
import dev.realtime.message.Echo;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ErrorResponses;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The demo page's endpoints under {@code /realtime/demo}. Publishing and the counts are off unless
 * {@code realtime.demo.enabled=true}, and even then they reach public channels only: anyone may call
 * them, so a private, presence or private-pattern ({@code user.*}) channel gets 403
 * {@code forbidden}. The fan-out benchmark's publisher is not here: it lives in the bench module.
 */
@Path("realtime/demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {
    @Inject
    RealtimeNode node;

    @EJB
    DemoPublisher publisher;

    /** What the page needs to connect: the app key, and whether publishing is enabled. */
    @GET
    @Path("config")
    public String config() {
        return "{\"appKey\":" + Json.quote(node.settings().appKey()) + ",\"publish\":"
                + node.settings().demoEnabled() + "}";
    }

    /**
     * This node's live counts, for the page and the tests: {@code {"connections":n}} plus
     * {@code "subscribers":m} for {@code ?channel=} (a public channel; 403 for the others), and the
     * broker's counters. 404 when the demo is disabled.
     */
    @GET
    @Path("stats")
    public Response stats(@QueryParam("channel") String channel) {
        if (!node.settings().demoEnabled()) {
            return disabled();
        }
        if (channel != null && !isPublic(channel)) {
            return notPublic(channel);
        }
        StringBuilder body = new StringBuilder("{\"connections\":").append(node.getConnectionCount());
        if (channel != null) {
            body.append(",\"subscribers\":").append(node.channel(channel).getSubscriberCount());
        }
        body.append(",\"broker\":").append(node.brokerStats().toJson());
        return Response.ok(body.append('}').toString()).build();
    }

    /**
     * {@code {"channel":"…","event":"…","data":<any JSON>,"socketId":"…"?}} → 202
     * {@code {"id":"<message id>"}} on a public channel; 403 {@code forbidden} for a private,
     * presence or private-pattern channel, 404 when the demo is disabled, 400 on bad input.
     */
    @POST
    @Path("broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response broadcast(JsonObject body) {
        if (!node.settings().demoEnabled()) {
            return disabled();
        }
        if (body == null) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "invalid_body", "Send a JSON object");
        }
        String channel = text(body, "channel");
        if (channel != null && !isPublic(channel)) {
            return notPublic(channel);
        }
        JsonValue data = body.getOrDefault("data", JsonValue.NULL);
        Message sent = publisher.publish(channel, text(body, "event"), data.toString(), text(body, "socketId"));
        return Response.accepted("{\"id\":" + Json.quote(sent.id()) + "}").build();
    }

    /** Neither {@code private-}, {@code presence-} nor a private pattern such as {@code user.*}. */
    private boolean isPublic(String channel) {
        return !node.names().typeOf(channel).requiresAuthorization();
    }

    private Response notPublic(String channel) {
        return ErrorResponses.of(
                Response.Status.FORBIDDEN,
                "forbidden",
                "The demo reaches public channels only; "
                        + Echo.truncate(channel, node.settings().echoBytes())
                        + " is private or presence");
    }

    private static Response disabled() {
        return ErrorResponses.of(
                Response.Status.NOT_FOUND,
                "demo_disabled",
                "The demo endpoints are disabled; start the server with -Drealtime.demo.enabled=true");
    }

    private static String text(JsonObject body, String name) {
        JsonValue value = body == null ? null : body.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }
}
