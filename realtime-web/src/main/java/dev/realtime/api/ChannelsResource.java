package dev.realtime.api;

import dev.realtime.RealtimeException;
import dev.realtime.node.RealtimeNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Channel queries of the Pusher HTTP API ({@code get("/channels…")} in the server SDKs), answered
 * from this node's subscribers and presence members.
 *
 * <p>Answers (errors carry the JSON body {@code {"error":code,"message":…}}):
 *
 * <ul>
 *   <li>200 with the JSON of {@link ChannelQueries};
 *   <li>400: an invalid channel name, an unknown {@code info} attribute or one that does not apply
 *       ({@code invalid_info}: {@code user_count} on a channel that is not a presence channel, or on
 *       the list without {@code filter_by_prefix=presence-}), users of a channel that is not a
 *       presence channel ({@code not_presence_channel});
 *   <li>401: the request is not validly signed;
 *   <li>404 {@code unknown_app}: another app id.
 * </ul>
 */
@Path("apps/{appId}/channels")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    @Inject
    RealtimeNode node;

    @Inject
    ApiAuthenticator authenticator;

    /** The occupied channels, optionally {@code filter_by_prefix}, with {@code info=user_count}. */
    @GET
    public String list(
            @PathParam("appId") String appId,
            @QueryParam("filter_by_prefix") String prefix,
            @QueryParam("info") String info,
            @Context UriInfo uri) {
        authenticator.admit(appId, "GET", uri, null);
        return ChannelQueries.list(node, prefix, info);
    }

    /** One channel: occupied, with {@code info=user_count,subscription_count}. */
    @GET
    @Path("{name}")
    public String channel(@PathParam("appId") String appId, @QueryParam("info") String info, @Context UriInfo uri) {
        authenticator.admit(appId, "GET", uri, null);
        return ChannelQueries.channel(node, channelName(uri), info);
    }

    /** The members of a presence channel. */
    @GET
    @Path("{name}/users")
    public String users(@PathParam("appId") String appId, @Context UriInfo uri) {
        authenticator.admit(appId, "GET", uri, null);
        return ChannelQueries.users(node, channelName(uri));
    }

    /**
     * The channel name from the request's raw path ({@code apps/{appId}/channels/{name}…}),
     * percent-decoded. Not {@code @PathParam}: JAX-RS would cut a name at {@code ;} (a matrix
     * parameter), which Pusher allows in channel names.
     */
    static String channelName(UriInfo uri) {
        String path = uri.getPath(false);
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/");
        try {
            return URLDecoder.decode(segments[3].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RealtimeException("invalid_channel", "The channel name is not validly percent-encoded");
        }
    }
}
