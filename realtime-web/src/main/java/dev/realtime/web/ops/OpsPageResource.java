package dev.realtime.web.ops;

import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ErrorResponses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * {@code GET /realtime/ops/}: the operations page (HTML, its script and style sheet from
 * {@code WEB-INF/ops/}, nothing from elsewhere), and {@code GET /realtime/ops/stream}: its SSE stream,
 * one {@code snapshot} event with the node's JSON snapshot per interval ({@link OpsStreams}). Every
 * request passes {@link OpsAccess} first; nothing is cached and the page may run only its own script.
 */
@Path("realtime/ops")
@RequestScoped
public class OpsPageResource {
    /** The page loads its own script, style sheet and stream; nothing else, no inline code, no frames. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html;charset=UTF-8",
            "ops.js", "text/javascript;charset=UTF-8",
            "ops.css", "text/css;charset=UTF-8");

    @Inject
    RealtimeNode node;

    @Inject
    OpsStreams streams;

    @Context
    SecurityContext security;

    @Context
    ServletContext servlet;

    @GET
    public Response page(@Context UriInfo uri) {
        OpsAccess.check(node.settings().opsPage(), security);
        if (!uri.getRequestUri().getRawPath().endsWith("/")) { // the page's relative links need the slash
            return Response.seeOther(URI.create("realtime/ops/")).build(); // JAX-RS resolves it against the base
        }
        return file("index.html");
    }

    @GET
    @Path("{file:ops\\.(js|css)}")
    public Response asset(@PathParam("file") String file) {
        OpsAccess.check(node.settings().opsPage(), security);
        return file(file);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context Sse sse, @Context SseEventSink sink, @Context HttpServletResponse response) {
        OpsAccess.check(node.settings().opsPage(), security);
        response.setHeader("Cache-Control", "no-store");
        if (!streams.open(sink, sse)) {
            Response full = ErrorResponses.of(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "too_many_streams",
                    "The operations page is open too often on this node (realtime.ops.max-streams)");
            throw new WebApplicationException(
                    Response.fromResponse(full).header("Retry-After", 10).build());
        }
    }

    private Response file(String name) {
        InputStream in = servlet.getResourceAsStream("/WEB-INF/ops/" + name);
        if (in == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(in, FILES.get(name))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
