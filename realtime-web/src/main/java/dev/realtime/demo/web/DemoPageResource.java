package dev.realtime.demo.web;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the demo page's static files ({@code /demo/…} in the WAR). JAX-RS owns the context root, so
 * the page goes through it rather than the container's default servlet; only plain file names are
 * served, never a path that leaves the folder.
 */
@Path("demo")
public class DemoPageResource {
    private static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8", "js", "text/javascript;charset=UTF-8", "css", "text/css;charset=UTF-8");

    @Context
    ServletContext servlet;

    @GET
    public Response index() {
        return Response.seeOther(URI.create("demo/index.html")).build();
    }

    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String file) {
        InputStream in = FILE.matcher(file).matches() ? servlet.getResourceAsStream("/demo/" + file) : null;
        if (in == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        return Response.ok(in, type).header("Cache-Control", "no-cache").build();
    }
}
