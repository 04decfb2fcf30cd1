package dev.realtime.bench.server;

import dev.realtime.RealtimeManager;
import dev.realtime.message.Json;
import jakarta.enterprise.context.ApplicationScoped;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the load generator ({@code bench/node/loadgen.mjs}) calls on the server under test, at the
 * same paths as the Socket.IO peer's: {@code POST /bench/publish} runs one cell of the benchmark
 * through {@link BenchPublisher} on the request's thread, one at a time; {@code GET /bench/clock}
 * answers the JVM's monotonic clock. A load generator by design: it exists only in the EAR that
 * {@code bench/run.sh} assembles, never in the product.
 */
@Path("/")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {
    private final AtomicBoolean running = new AtomicBoolean();

    @Inject
    RealtimeManager manager;

    /**
     * {@code {"prefix", "channels", "rate", "seconds", "cell", "padding"}} → 200
     * {@code {"sent":[n, …]}} (per channel key) once the last message is out; 400
     * {@code invalid_bench} on bad input, 409 {@code bench_running} while another cell publishes.
     */
    @POST
    @Path("publish")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(JsonObject body) {
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
            return error(Response.Status.BAD_REQUEST, "invalid_bench", e.getMessage());
        }
        if (!running.compareAndSet(false, true)) {
            return error(Response.Status.CONFLICT, "bench_running", "Another benchmark cell is publishing");
        }
        long[] sent;
        try {
            sent = cell.run(manager);
        } finally {
            running.set(false);
        }
        StringBuilder answer = new StringBuilder("{\"sent\":[");
        for (int i = 0; i < sent.length; i++) {
            answer.append(i == 0 ? "" : ",").append(sent[i]);
        }
        return Response.ok(answer.append("]}").toString()).build();
    }

    /** {@code {"nanos":n}}: this JVM's monotonic clock, which the load generator checks it shares. */
    @GET
    @Path("clock")
    public String clock() {
        return "{\"nanos\":" + System.nanoTime() + "}";
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

    private static String text(JsonObject body, String name) {
        JsonValue value = body == null ? null : body.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** {@code {"error":code,"message":text}}; the texts are this class's own, never client input. */
    private static Response error(Response.Status status, String code, String message) {
        String body = "{\"error\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}";
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
