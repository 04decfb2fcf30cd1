package dev.realtime.transport.websocket;

import dev.realtime.transport.io.OriginCheck;
import dev.realtime.web.ErrorResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What an HTTP request to {@code /app/{appKey}} gets when the WebSocket container did not take it:
 * an upgrade the {@link OriginCheck} refused (some containers pass it on instead of answering 403
 * themselves) gets 403, a plain GET a 400 that says this is a WebSocket endpoint.
 */
@Path("app/{appKey}")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradeRefusals {

    @GET
    public Response refused(@HeaderParam("Upgrade") String upgrade) {
        if ("websocket".equalsIgnoreCase(upgrade)) {
            return ErrorResponses.of(
                    Response.Status.FORBIDDEN,
                    "origin_not_allowed",
                    "WebSocket upgrade refused: the page's origin is not in realtime.cors.allowed-origins");
        }
        return ErrorResponses.of(
                Response.Status.BAD_REQUEST, "websocket_only", "This is a WebSocket endpoint (Pusher protocol 7)");
    }
}
