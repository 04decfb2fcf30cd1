package dev.realtime.web;

import dev.realtime.message.Echo;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.auth.ChannelAccess;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code channels=a,b} parameter of the HTTP transports: every name valid, at most the
 * per-connection limit, and every private or presence channel allowed for the request's user by the
 * application's authorizers (else 403: never a silent empty stream).
 */
public final class ChannelRequests {
    private ChannelRequests() {}

    /**
     * Parses and authorizes: the grants, in request order.
     *
     * @throws jakarta.ws.rs.WebApplicationException 400 or 403 with a JSON body
     */
    public static List<ChannelAccess.Grant> authorize(
            RealtimeNode node, ChannelAccess access, Principal user, String channels) {
        List<ChannelAccess.Grant> grants = new ArrayList<>();
        int echo = node.settings().echoBytes();
        for (String channel : parse(node, channels)) {
            ChannelAccess.Grant grant = access.authorize(user, channel, null);
            if (grant == null) {
                throw ErrorResponses.error(
                        Response.Status.FORBIDDEN,
                        "forbidden",
                        "Not allowed to subscribe to " + Echo.truncate(channel, echo)
                                + (user == null
                                        ? " without an authenticated user"
                                        : " as " + Echo.truncate(user.getName(), echo)));
            }
            grants.add(grant);
        }
        return grants;
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 with a JSON body */
    public static List<String> parse(RealtimeNode node, String channels) {
        int limit = node.settings().channelsPerConnection();
        Set<String> names = new LinkedHashSet<>();
        // one name at a time, stopping one past the limit: a long list costs no more than the limit
        for (int start = 0; channels != null && start <= channels.length() && names.size() <= limit; ) {
            int comma = channels.indexOf(',', start);
            int end = comma < 0 ? channels.length() : comma;
            String name = channels.substring(start, end).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
            start = end + 1;
        }
        if (names.isEmpty()) { // also "?channels=,,": a stream subscribed to nothing
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "missing_channels", "Give the channels as ?channels=a,b");
        }
        if (names.size() > limit) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST,
                    "too_many_channels",
                    "At most " + limit + " channels per connection (realtime.limits.channels-per-connection)");
        }
        names.forEach(node.names()::requireChannel);
        return List.copyOf(names);
    }

    /** @throws jakarta.ws.rs.WebApplicationException 404 with a JSON body when the transport is off */
    public static void requireTransport(RealtimeNode node, String transport) {
        if (!node.settings().transportEnabled(transport)) {
            throw ErrorResponses.error(
                    Response.Status.NOT_FOUND,
                    "transport_disabled",
                    "The " + transport + " transport is disabled on this server (realtime.transports)");
        }
    }
}
