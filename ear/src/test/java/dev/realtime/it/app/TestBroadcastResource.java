package dev.realtime.it.app;

import dev.realtime.RealtimeManager;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
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
 * Test only: what the application under test does on any channel, private and presence included,
 * which the demo endpoint refuses. {@code POST /test/broadcast} takes the demo's body
 * ({@code {"channel","event","data","socketId"?}}) and answers 202 {@code {"id"}};
 * {@code GET /test/stats?channel=} answers {@code {"connections","subscribers","members"}}: this
 * node's connections and subscribers, and the presence channel's members in the cluster;
 * {@code GET /test/history?channel=&offset=&epoch=&limit=} is {@code RealtimeManager.history}. The
 * broadcast's answer has the message's history position ({@code offset}, {@code epoch}) when it has one.
 */
@Path("test")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TestBroadcastResource {
    @Inject
    RealtimeManager manager;

    @POST
    @Path("broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response broadcast(JsonObject body) {
        JsonValue data = body.getOrDefault("data", JsonValue.NULL);
        Message sent = manager.broadcast(
                text(body, "channel"), text(body, "event"), new RawJson(data.toString()), text(body, "socketId"));
        return Response.accepted("{\"id\":" + Json.quote(sent.id()) + position(sent.position()) + "}")
                .build();
    }

    /**
     * {@code RealtimeManager.history} as JSON: {@code {"complete","offset","epoch","messages":[{"id",
     * "event","offset","epoch","data"}]}} ({@code offset} and {@code epoch} of the channel only when
     * it keeps something).
     */
    @GET
    @Path("history")
    public String history(
            @QueryParam("channel") String channel,
            @QueryParam("offset") Long offset,
            @QueryParam("epoch") String epoch,
            @QueryParam("limit") int limit) {
        HistoryPage page = manager.history(channel, epoch == null ? null : new HistoryPosition(offset, epoch), limit);
        StringBuilder out = new StringBuilder("{\"complete\":").append(page.complete());
        out.append(position(page.position())).append(",\"messages\":[");
        for (Message m : page.messages()) {
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",");
            out.append("{\"id\":")
                    .append(Json.quote(m.id()))
                    .append(",\"event\":")
                    .append(Json.quote(m.event()));
            out.append(position(m.position()))
                    .append(",\"data\":")
                    .append(m.data())
                    .append('}');
        }
        return out.append("]}").toString();
    }

    private static String position(HistoryPosition p) {
        return p == null ? "" : ",\"offset\":" + p.offset() + ",\"epoch\":" + Json.quote(p.epoch());
    }

    @GET
    @Path("stats")
    public String stats(@QueryParam("channel") String channel) {
        return "{\"connections\":" + manager.getConnectionCount() + ",\"subscribers\":"
                + manager.channel(channel).getSubscriberCount() + ",\"members\":"
                + (channel.startsWith("presence-")
                        ? manager.presenceMembers(channel).size()
                        : 0) + "}";
    }

    private static String text(JsonObject body, String name) {
        JsonValue value = body.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }
}
