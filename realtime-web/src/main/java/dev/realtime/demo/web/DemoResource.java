package dev.realtime.demo.web;

import dev.realtime.RealtimeManager;
import dev.realtime.demo.DemoPublisher;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.web.ErrorResponses;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo page's endpoints under {@code /realtime/demo}. Publishing is off unless
 * {@code realtime.demo.enabled=true}: it lets anyone broadcast on any public channel.
 */
@Path("realtime/demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {
    private static final AtomicBoolean BENCH_RUNNING = new AtomicBoolean();

    @Inject
    RealtimeManager manager;

    @EJB
    DemoPublisher publisher;

    /** What the page needs to connect: the app key, and whether publishing is enabled. */
    @GET
    @Path("config")
    public String config() {
        return "{\"appKey\":" + Json.quote(manager.settings().appKey()) + ",\"publish\":"
                + manager.settings().demoEnabled() + "}";
    }

    /**
     * This node's live counts, for the page and the tests: {@code {"connections":n}} plus
     * {@code "subscribers":m} for {@code ?channel=}. 404 when the demo is disabled.
     */
    @GET
    @Path("stats")
    public Response stats(@QueryParam("channel") String channel) {
        if (!manager.settings().demoEnabled()) {
            return disabled();
        }
        StringBuilder body = new StringBuilder("{\"connections\":").append(manager.getConnectionCount());
        if (channel != null) {
            body.append(",\"subscribers\":").append(manager.channel(channel).getSubscriberCount());
        }
        body.append(",\"broker\":").append(manager.brokerStats().toJson());
        return Response.ok(body.append('}').toString()).build();
    }

    /**
     * {@code {"channel":"…","event":"…","data":<any JSON>,"socketId":"…"?}} → 202
     * {@code {"id":"<message id>"}}; 404 when the demo is disabled, 400 on bad input.
     */
    @POST
    @Path("broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response broadcast(JsonObject body) {
        if (!manager.settings().demoEnabled()) {
            return disabled();
        }
        if (body == null) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "invalid_body", "Send a JSON object");
        }
        JsonValue data = body.getOrDefault("data", JsonValue.NULL);
        Message sent =
                publisher.publish(text(body, "channel"), text(body, "event"), data.toString(), text(body, "socketId"));
        return Response.accepted("{\"id\":" + Json.quote(sent.id()) + "}").build();
    }

    /**
     * The fan-out benchmark's in-server publisher ({@code bench/run.sh}): {@code {"prefix",
     * "channels", "rate", "seconds", "cell", "padding"}} → 200 {@code {"sent":[n, …]}} (per
     * channel key) once the last message is out; see {@link BenchPublisher}. One cell at a time
     * (409 {@code bench_running} meanwhile). 404 when the demo is disabled, 400 on bad input.
     */
    @POST
    @Path("bench")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bench(JsonObject body) {
        if (!manager.settings().demoEnabled()) {
            return disabled();
        }
        BenchPublisher cell;
        try {
            cell = new BenchPublisher(
                    text(body, "prefix"),
                    number(body, "channels", -1),
                    number(body, "rate", -1),
                    number(body, "seconds", -1),
                    number(body, "cell", 0),
                    number(body, "padding", 0));
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "invalid_bench", e.getMessage());
        }
        if (!BENCH_RUNNING.compareAndSet(false, true)) {
            return ErrorResponses.of(
                    Response.Status.CONFLICT, "bench_running", "Another benchmark cell is publishing; one at a time");
        }
        long[] sent;
        try {
            sent = cell.run(manager);
        } finally {
            BENCH_RUNNING.set(false);
        }
        StringBuilder answer = new StringBuilder("{\"sent\":[");
        for (int i = 0; i < sent.length; i++) {
            answer.append(i == 0 ? "" : ",").append(sent[i]);
        }
        return Response.ok(answer.append("]}").toString()).build();
    }

    /**
     * This JVM's monotonic clock in nanoseconds, which the load generator checks it shares; 404
     * when the demo is disabled.
     */
    @GET
    @Path("clock")
    public Response clock() {
        if (!manager.settings().demoEnabled()) {
            return disabled();
        }
        return Response.ok("{\"nanos\":" + System.nanoTime() + "}").build();
    }

    private static int number(JsonObject body, String name, int absent) {
        JsonValue value = body == null ? null : body.get(name);
        if (value == null) {
            return absent;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException tooLarge) {
                throw new IllegalArgumentException(name + " is out of range");
            }
        }
        throw new IllegalArgumentException(name + " must be an integer");
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
