package dev.realtime.web.admission;

import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.message.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refused connection on an HTTP transport: 429 (the address's quota or handshake rate) or 503 (the
 * node is full), with {@code Retry-After} and
 * {@code {"error":"too_many_connections","code":4004,"message":"…"}}; {@code code} is the Pusher
 * close code of the same refusal, so every transport reports one number for it.
 */
@Provider
public class AdmissionRefusedMapper implements ExceptionMapper<AdmissionRefusedException> {
    @Override
    public Response toResponse(AdmissionRefusedException e) {
        return response(e);
    }

    public static Response response(AdmissionRefusedException e) {
        String body = "{\"error\":" + Json.quote(e.refusal().error()) + ",\"code\":"
                + e.refusal().pusherCode() + ",\"message\":" + Json.quote(e.getMessage()) + "}";
        return refusal(e, body);
    }

    /** The same status and {@code Retry-After} with another body (Engine.IO's {@code {code, message}}). */
    public static Response refusal(AdmissionRefusedException e, String jsonBody) {
        return Response.status(e.refusal().httpStatus())
                .header("Retry-After", e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(jsonBody)
                .build();
    }
}
