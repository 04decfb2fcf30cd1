package dev.realtime.api;

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

/**
 * Channel queries of the Pusher HTTP API ({@code get("/channels…")} in the server SDKs), answered
 * for the whole cluster from this node's replica of its state ({@link ChannelQueries}).
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

    /** The channel name from the raw path ({@code apps/{appId}/channels/{name}…}). */
    static String channelName(UriInfo uri) {
        return RawPath.segment(uri, 3, "invalid_channel", "channel name");
    }
}
