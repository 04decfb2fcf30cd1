package dev.realtime.api;

import dev.realtime.RealtimeManager;
import dev.realtime.auth.ApiSignature;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.web.ErrorResponses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Admits a Pusher HTTP API request: the path's app id must be this app's and the query must carry a
 * valid {@link ApiSignature} with the app's key and secret over the raw body. Thread-safe; never
 * blocks.
 */
@ApplicationScoped
public class ApiAuthenticator {
    private static final Logger LOG = Logger.getLogger(ApiAuthenticator.class.getName());

    private String appId;
    private ApiSignature signature;

    /** For CDI's client proxy only. */
    protected ApiAuthenticator() {}

    @Inject
    public ApiAuthenticator(RealtimeManager manager) {
        this(manager.settings(), Clock.systemUTC());
    }

    public ApiAuthenticator(RealtimeSettings settings, Clock clock) {
        this.appId = settings.appId();
        this.signature = new ApiSignature(settings.appKey(), settings.appSecret(), clock);
    }

    /**
     * @param method the HTTP method the resource serves
     * @param body the raw body bytes, {@code null} for none
     * @throws jakarta.ws.rs.WebApplicationException 404 {@code unknown_app} for another app id, 400
     *     {@code invalid_uri} for a request URI that {@link java.net.URI} refuses, 401 with the
     *     {@link ApiSignature.Result}'s code and message for a request that is not validly signed
     */
    public void admit(String appId, String method, UriInfo uri, byte[] body) {
        if (!this.appId.equals(appId)) {
            throw ErrorResponses.error(
                    Response.Status.NOT_FOUND, "unknown_app", "No app with id " + appId + " on this server");
        }
        String path;
        Map<String, List<String>> query;
        try {
            path = uri.getRequestUri().getRawPath();
            query = uri.getQueryParameters();
        } catch (IllegalArgumentException e) { // java.net.URI refuses it: a bad % escape, a '}', …
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "invalid_uri", "The request URI is not a valid URI");
        }
        ApiSignature.Result result = signature.verify(method, path, query, body);
        if (!result.valid()) {
            LOG.fine(() -> "Refused " + method + " " + path + ": " + result.message());
            throw ErrorResponses.error(Response.Status.UNAUTHORIZED, result.error(), result.message());
        }
    }
}
