package dev.realtime.web.cors;

import dev.realtime.node.RealtimeNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * CORS for every HTTP endpoint (SSE, long-polling, the auth endpoints, the HTTP API): requests and
 * preflights from an origin in {@code realtime.cors.allowed-origins} get the CORS headers, with
 * credentials allowed (the cookies carry the user); other origins get none, so the browser keeps
 * the answer from the page. A preflight from an origin that is not allowed is answered 403.
 */
@Provider
@PreMatching
@ApplicationScoped
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger(CorsFilter.class.getName());
    static final String METHODS = "GET, POST, DELETE, OPTIONS";
    private static final String VARY = "Vary";

    @Inject
    RealtimeNode node;

    private OriginPolicy policy;

    /** For CDI, which injects the node and calls {@link #init}. */
    public CorsFilter() {}

    /** A filter with that policy, outside CDI. */
    public CorsFilter(OriginPolicy policy) {
        this.policy = policy;
    }

    @PostConstruct
    void init() {
        policy = new OriginPolicy(node.settings().allowedOrigins());
        if (node.settings().allowedOrigins().contains("*")) {
            LOG.warning("realtime.cors.allowed-origins=* lets every web site call this server with its"
                    + " visitors' cookies: use it for development only");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null
                || !HttpMethod.OPTIONS.equals(request.getMethod())
                || request.getHeaderString("Access-Control-Request-Method") == null) {
            return;
        }
        if (!policy.allows(origin)) {
            request.abortWith(Response.status(Response.Status.FORBIDDEN).build());
            return;
        }
        Response.ResponseBuilder preflight = Response.noContent()
                .header("Access-Control-Allow-Methods", METHODS)
                .header("Access-Control-Max-Age", "600");
        String headers = request.getHeaderString("Access-Control-Request-Headers");
        if (headers != null) {
            preflight.header("Access-Control-Allow-Headers", headers);
        }
        request.abortWith(preflight.build()); // the response filter adds the origin headers
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        answerHeaders(request.getHeaderString("Origin"), (name, value) -> {
            if (VARY.equals(name)) {
                headers.add(name, value);
            } else {
                headers.putSingle(name, value);
            }
        });
    }

    /**
     * The CORS headers of an answer (not a preflight) to a request with that Origin header, for an
     * answer given outside JAX-RS: {@code Vary: Origin}, and for an allowed origin the origin and
     * credentials headers.
     */
    public void answerHeaders(String origin, BiConsumer<String, String> header) {
        header.accept(VARY, "Origin");
        if (policy.allows(origin)) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Access-Control-Allow-Credentials", "true");
        }
    }
}
