package dev.realtime.web;

import dev.realtime.RealtimeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request (bad name, payload too large, …) becomes 400 or 413 with the JSON error body. */
@Provider
public class RealtimeExceptionMapper implements ExceptionMapper<RealtimeException> {
    @Override
    public Response toResponse(RealtimeException e) {
        return response(e);
    }

    /** The answer to a refusal, for code that maps it outside JAX-RS. */
    public static Response response(RealtimeException e) {
        Response.Status status = "payload_too_large".equals(e.code())
                ? Response.Status.REQUEST_ENTITY_TOO_LARGE
                : Response.Status.BAD_REQUEST;
        return ErrorResponses.of(status, e.code(), e.getMessage());
    }
}
