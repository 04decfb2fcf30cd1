package dev.realtime.web.auth;

import dev.realtime.web.ErrorResponses;
import dev.realtime.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The form ({@code application/x-www-form-urlencoded}) a channel-auth or user-auth request posts,
 * read with {@link RequestBodies} under {@code realtime.limits.auth-body-bytes} instead of by the
 * container, which would read up to its own post limit (10 MB on WildFly) for anyone. When the
 * body was consumed before this resource ran (a servlet filter that read the request's
 * parameters), the container's parameters are used. Immutable.
 */
final class AuthForm {
    private final Map<String, String> fields;
    private final HttpServletRequest request;

    private AuthForm(Map<String, String> fields, HttpServletRequest request) {
        this.fields = fields;
        this.request = request;
    }

    /**
     * @throws jakarta.ws.rs.WebApplicationException 413 {@code body_too_large} over the limit, 400
     *     {@code invalid_form} for a body that is not URL-encoded
     */
    static AuthForm read(HttpServletRequest request, long declaredLength, InputStream body, int limit) {
        byte[] bytes = RequestBodies.read(body, declaredLength, limit);
        return new AuthForm(parse(new String(bytes, StandardCharsets.UTF_8)), bytes.length == 0 ? request : null);
    }

    /** The field's first value, or {@code null}. */
    String get(String name) {
        String value = fields.get(name);
        return value != null || request == null ? value : request.getParameter(name);
    }

    static Map<String, String> parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "invalid_form", "The body is not a URL-encoded form");
        }
        return fields;
    }
}
