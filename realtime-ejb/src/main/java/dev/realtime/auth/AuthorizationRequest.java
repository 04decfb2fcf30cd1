package dev.realtime.auth;

import java.security.Principal;
import java.util.Map;

/**
 * What an authorizer decides on.
 *
 * @param user the authenticated user: the HTTP request's principal (Jakarta Security, servlet
 *     login, …), or for a WebSocket the user signed in with {@code pusher:signin}; {@code null} when
 *     anonymous
 * @param channel the channel name
 * @param params the pattern's named parameters, e.g. {@code roomId → "42"}
 * @param socketId the connection's id
 */
public record AuthorizationRequest(Principal user, String channel, Map<String, String> params, String socketId) {
    public AuthorizationRequest {
        params = Map.copyOf(params);
    }

    /** The named parameter, or {@code null}. */
    public String param(String name) {
        return params.get(name);
    }
}
