package dev.realtime.it.app;

import dev.realtime.message.RawJson;
import dev.realtime.transport.socketio.SocketIoAckException;
import dev.realtime.transport.socketio.SocketIoSockets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Test only: asks a Socket.IO socket for an acknowledgement through the public
 * {@link SocketIoSockets}, as application code would, and answers with what came back:
 * {@code {"ack":[…]}}, or {@code {"failed":"TIMEOUT"|"UNKNOWN_SOCKET"|"DISCONNECTED"}}.
 * {@code POST /test/socketio/ack?socket=…&event=…&timeout=ms}, body: the one argument (JSON).
 */
@Path("test/socketio/ack")
@RequestScoped
public class SocketIoAckResource {
    @Inject
    SocketIoSockets sockets;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> ask(
            @QueryParam("socket") String socket,
            @QueryParam("event") String event,
            @QueryParam("timeout") long timeoutMillis,
            String argument) {
        return sockets.emitWithAck(socket, event, Duration.ofMillis(timeoutMillis), new RawJson(argument))
                .handle((ack, error) -> {
                    if (error == null) {
                        return Response.ok(Json.createObjectBuilder()
                                        .add("ack", ack)
                                        .build()
                                        .toString())
                                .build();
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    String reason =
                            cause instanceof SocketIoAckException e ? e.reason().name() : cause.toString();
                    return Response.ok(Json.createObjectBuilder()
                                    .add("failed", reason)
                                    .build()
                                    .toString())
                            .build();
                });
    }
}
