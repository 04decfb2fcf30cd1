package dev.realtime.transport.socketio;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Engine.IO's HTTP errors, with its codes and messages ({@code {"code":1,"message":"Session ID
 * unknown"}}), as engine.io answers them; the client reports them as {@code connect_error}.
 */
enum EngineErrors {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final int code;
    private final String message;

    EngineErrors(int code, String message) {
        this.code = code;
        this.message = message;
    }

    Response response() {
        return Response.status(this == FORBIDDEN ? Response.Status.FORBIDDEN : Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"code\":" + code + ",\"message\":\"" + message + "\"}")
                .build();
    }
}
