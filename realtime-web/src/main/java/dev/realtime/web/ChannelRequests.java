package dev.realtime.web;

import dev.realtime.RealtimeManager;
import dev.realtime.channel.ChannelType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code channels=a,b} parameter of the HTTP transports: every name valid, at most the
 * per-connection limit, and public (private and presence channels are refused with 403 until an
 * authorizer is configured).
 */
public final class ChannelRequests {
    private ChannelRequests() {}

    /** @throws jakarta.ws.rs.WebApplicationException 400 or 403 with a JSON body */
    public static List<String> parse(RealtimeManager manager, String channels) {
        Set<String> names = new LinkedHashSet<>();
        if (channels != null) {
            Arrays.stream(channels.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(names::add);
        }
        if (names.isEmpty()) { // also "?channels=,,": a stream subscribed to nothing
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "missing_channels", "Give the channels as ?channels=a,b");
        }
        int limit = manager.settings().channelsPerConnection();
        if (names.size() > limit) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST,
                    "too_many_channels",
                    "At most " + limit + " channels per connection (realtime.limits.channels-per-connection)");
        }
        for (String name : names) {
            manager.names().requireChannel(name);
            ChannelType type = manager.names().typeOf(name);
            if (type.requiresAuthorization()) {
                throw ErrorResponses.error(
                        Response.Status.FORBIDDEN,
                        "forbidden",
                        "Channel " + name + " is " + type.name().toLowerCase() + " and needs authorization");
            }
        }
        return List.copyOf(names);
    }

    /** @throws jakarta.ws.rs.WebApplicationException 404 with a JSON body when the transport is off */
    public static void requireTransport(RealtimeManager manager, String transport) {
        if (!manager.settings().transportEnabled(transport)) {
            throw ErrorResponses.error(
                    Response.Status.NOT_FOUND,
                    "transport_disabled",
                    "The " + transport + " transport is disabled on this server (realtime.transports)");
        }
    }
}
