package dev.realtime.api;

import dev.realtime.auth.ApiSignature;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.web.ErrorResponses;
import dev.realtime.web.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Admits a Pusher HTTP API request: the path's app id must be this app's and the query must carry a
 * valid {@link ApiSignature} with the app's key and secret over the raw body. A body is read only
 * after the query's signature verified, and never past {@code realtime.limits.api-body-bytes}.
 * Thread-safe; {@link #admitAndRead} blocks while it reads the body, nothing else blocks.
 */
@ApplicationScoped
public class ApiAuthenticator {
    private static final Logger LOG = Logger.getLogger(ApiAuthenticator.class.getName());

    private String appId;
    private ApiSignature signature;
    private int bodyLimit;
    private AuthRefusals refusals;

    /** For CDI's client proxy only. */
    protected ApiAuthenticator() {}

    @Inject
    public ApiAuthenticator(RealtimeNode node) {
        this(node.settings(), Clock.systemUTC(), node.authRefusals());
    }

    /** Counts refused signatures in {@code refusals} ({@link AuthRefusals.Kind#API}). */
    public ApiAuthenticator(RealtimeSettings settings, Clock clock, AuthRefusals refusals) {
        this.refusals = refusals;
        this.appId = settings.appId();
        this.signature = new ApiSignature(settings.appKey(), settings.appSecret(), clock);
        this.bodyLimit = settings.bodyLimits().apiBytes();
    }

    /**
     * Admits a request with a body and returns that body, in this order, so that an unsigned or
     * oversized request costs no more than its headers: the app id (404); a {@code Content-Length}
     * over the limit (413, nothing read); the query's signature, which covers {@code body_md5}
     * (401, nothing read); the body, read with the limit as a cap (413 past it); {@code body_md5}
     * against the bytes read (401). Nothing is parsed.
     *
     * @param declaredLength the request's {@code Content-Length}, {@code -1} when unknown
     * @return the raw body, within the limit and matching the signed {@code body_md5}
     */
    public byte[] admitAndRead(String appId, String method, UriInfo uri, long declaredLength, InputStream body) {
        return admitAndRead(appId, method, uri, declaredLength, body, bodyLimit);
    }

    /** {@link #admitAndRead(String, String, UriInfo, long, InputStream)} with another limit. */
    public byte[] admitAndRead(
            String appId, String method, UriInfo uri, long declaredLength, InputStream body, int limit) {
        requireApp(appId);
        RequestBodies.requireDeclaredWithin(declaredLength, limit);
        return admitAndRead(method, target(uri), declaredLength, body, limit);
    }

    /**
     * {@link #admitAndRead(String, String, UriInfo, long, InputStream)} for a request seen outside
     * JAX-RS (a servlet filter), from its raw path and raw query string.
     */
    public byte[] admitAndRead(
            String appId, String method, String rawPath, String rawQuery, long declaredLength, InputStream body) {
        requireApp(appId);
        RequestBodies.requireDeclaredWithin(declaredLength, bodyLimit);
        return admitAndRead(method, target(rawPath, rawQuery), declaredLength, body, bodyLimit);
    }

    private byte[] admitAndRead(String method, Target target, long declaredLength, InputStream body, int limit) {
        refuseUnless(signature.verifyQuery(method, target.path(), target.query()), method, target.path());
        byte[] bytes = RequestBodies.read(body, declaredLength, limit);
        refuseUnless(signature.verifyBody(target.query(), bytes), method, target.path());
        return bytes;
    }

    /**
     * @param method the HTTP method the resource serves
     * @param body the raw body bytes, {@code null} for none
     * @throws jakarta.ws.rs.WebApplicationException 404 {@code unknown_app} for another app id, 400
     *     {@code invalid_uri} for a request URI that {@link java.net.URI} refuses, 401 with the
     *     {@link ApiSignature.Result}'s code and message for a request that is not validly signed
     */
    public void admit(String appId, String method, UriInfo uri, byte[] body) {
        requireApp(appId);
        Target target = target(uri);
        refuseUnless(signature.verify(method, target.path(), target.query(), body), method, target.path());
    }

    private void requireApp(String appId) {
        if (!this.appId.equals(appId)) {
            throw ErrorResponses.error(Response.Status.NOT_FOUND, "unknown_app", "No app with that id on this server");
        }
    }

    /** The raw path and the decoded query, or 400 {@code invalid_uri} when {@link java.net.URI} refuses the request URI. */
    private static Target target(UriInfo uri) {
        try {
            return new Target(uri.getRequestUri().getRawPath(), uri.getQueryParameters());
        } catch (IllegalArgumentException e) { // a bad % escape, a '}', …
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "invalid_uri", "The request URI is not a valid URI");
        }
    }

    /**
     * The raw path and the query decoded as {@code UriInfo.getQueryParameters()} decodes it (see
     * {@link QueryStrings}), or 400 {@code invalid_uri} when {@link java.net.URI} refuses the
     * request URI, as JAX-RS does.
     */
    private static Target target(String rawPath, String rawQuery) {
        try {
            return new Target(rawPath, QueryStrings.decode(rawPath, rawQuery));
        } catch (IllegalArgumentException e) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "invalid_uri", "The request URI is not a valid URI");
        }
    }

    private record Target(String path, Map<String, List<String>> query) {}

    private void refuseUnless(ApiSignature.Result result, String method, String path) {
        if (!result.valid()) {
            refusals.refused(AuthRefusals.Kind.API);
            LOG.fine(() -> "Refused " + method + " " + path + ": " + result.message());
            throw ErrorResponses.error(Response.Status.UNAUTHORIZED, result.error(), result.message());
        }
    }
}
