package dev.realtime.web;

import dev.realtime.message.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The JSON error body every HTTP endpoint uses: {@code {"error":"<code>","message":"<text>"}}
 * with a fitting HTTP status.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static Response of(Response.Status status, String code, String message) {
        String body = "{\"error\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}";
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /** An exception that JAX-RS turns into that response. */
    public static WebApplicationException error(Response.Status status, String code, String message) {
        return new WebApplicationException(message, of(status, code, message));
    }
}
