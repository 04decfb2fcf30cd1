package dev.realtime.api;

import dev.realtime.channel.Channel;
import dev.realtime.channel.ChannelType;
import dev.realtime.node.RealtimeNode;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.ErrorResponses;
import dev.realtime.web.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The JSON answers of the channel queries of the Pusher HTTP API, for the whole cluster: a channel
 * is occupied when it has a subscriber on any node. Read from this node's replica of the cluster's
 * state ({@link dev.realtime.cluster.Cluster}: this node's live counts plus what the other nodes
 * last told), never by asking other nodes. Stateless and thread-safe.
 *
 * <p>Refusals: {@link jakarta.ws.rs.WebApplicationException} 400 {@code invalid_info} (an
 * attribute that is unknown or does not apply) or {@code not_presence_channel}; {@link
 * dev.realtime.RealtimeException} 400 {@code invalid_channel}.
 */
public final class ChannelQueries {
    private static final String USER_COUNT = "user_count";
    private static final String SUBSCRIPTION_COUNT = "subscription_count";

    private ChannelQueries() {}

    /**
     * {@code {"channels":{"<name>":{}, …}}}, sorted by name, of the occupied channels whose names
     * start with {@code prefix} (every one when {@code null}); {@code info=user_count} adds
     * {@code "user_count":n} and needs a {@code presence-} prefix.
     */
    public static String list(RealtimeNode node, String prefix, String info) {
        Set<String> attributes = attributes(info, Set.of(USER_COUNT));
        boolean users = attributes.contains(USER_COUNT);
        if (users && (prefix == null || !prefix.startsWith("presence-"))) {
            throw invalid("invalid_info", "info=user_count needs filter_by_prefix=presence-");
        }
        JsonObjectBuilder channels = JsonP.objectBuilder();
        for (String name : node.cluster().occupiedChannels()) {
            if (prefix == null || name.startsWith(prefix)) {
                JsonObjectBuilder channel = JsonP.objectBuilder();
                if (users) {
                    channel.add(USER_COUNT, node.presence().userCount(name));
                }
                channels.add(name, channel);
            }
        }
        return JsonP.objectBuilder().add("channels", channels).build().toString();
    }

    /**
     * {@code {"occupied":bool}}, plus {@code "user_count"} (presence channels only) and {@code
     * "subscription_count"} when {@code info} asks for them.
     */
    public static String channel(RealtimeNode node, String name, String info) {
        Channel channel = node.channel(name);
        Set<String> attributes = attributes(info, Set.of(USER_COUNT, SUBSCRIPTION_COUNT));
        int subscribers = node.cluster().subscriptionCount(name);
        JsonObjectBuilder answer = JsonP.objectBuilder().add("occupied", subscribers > 0);
        if (attributes.contains(USER_COUNT)) {
            if (channel.getType() != ChannelType.PRESENCE) {
                throw invalid("invalid_info", "info=user_count applies to presence channels only");
            }
            answer.add(USER_COUNT, node.presence().userCount(name));
        }
        if (attributes.contains(SUBSCRIPTION_COUNT)) {
            answer.add(SUBSCRIPTION_COUNT, subscribers);
        }
        return answer.build().toString();
    }

    /** {@code {"users":[{"id":"…"}, …]}}: the presence channel's members, in the order they joined. */
    public static String users(RealtimeNode node, String name) {
        if (node.channel(name).getType() != ChannelType.PRESENCE) {
            throw invalid("not_presence_channel", "Only presence channels have users; " + name + " is not one");
        }
        JsonArrayBuilder users = JsonP.arrayBuilder();
        for (PresenceMember member : node.presence().members(name)) {
            users.add(JsonP.objectBuilder().add("id", member.userId()));
        }
        return JsonP.objectBuilder().add("users", users).build().toString();
    }

    /** The comma-separated {@code info} attributes; each must be one of {@code allowed}. */
    static Set<String> attributes(String info, Set<String> allowed) {
        if (info == null) {
            return Set.of();
        }
        Set<String> attributes = Arrays.stream(info.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String attribute : attributes) {
            if (!allowed.contains(attribute)) {
                throw invalid(
                        "invalid_info",
                        "Unknown info attribute " + attribute + " here; allowed: " + new TreeSet<>(allowed));
            }
        }
        return attributes;
    }

    private static RuntimeException invalid(String code, String message) {
        return ErrorResponses.error(Response.Status.BAD_REQUEST, code, message);
    }
}
