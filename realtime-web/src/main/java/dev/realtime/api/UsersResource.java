package dev.realtime.api;

import dev.realtime.node.RealtimeNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * Users of the Pusher HTTP API, on every node of the cluster: an event to the connections signed
 * in as the user ({@code pusher:signin}), which pusher-js receives on {@code #server-to-user-<id>},
 * and the termination of all of the user's connections (Pusher close 4009: do not reconnect).
 * Signed and read like {@link EventsResource}; the user id is 1 to 200 characters of the
 * channel-name charset.
 *
 * <p>Answers (errors carry the JSON body {@code {"error":code,"message":…}}): 200 {@code {}}; 400
 * {@code invalid_user}, {@code invalid_body}, {@code invalid_field} or a bad event name; 401 not
 * validly signed; 404 {@code unknown_app}; 413 {@code body_too_large} or {@code payload_too_large}.
 */
@Path("apps/{appId}/users/{userId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    RealtimeNode node;

    @Inject
    ApiAuthenticator authenticator;

    /** {@code {name, data}}: one event to the user's signed-in connections. */
    @POST
    @Path("events")
    public String events(
            @PathParam("appId") String appId, @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        byte[] bytes = authenticator.admitAndRead(appId, "POST", uri, headers.getLength(), body);
        ApiEvent event = EventRequests.userEvent(node, userId(uri), bytes);
        node.users().send(userId(uri), event.name(), event.payload());
        return EventsResource.OK;
    }

    /** Closes every connection of the user, on every node. */
    @POST
    @Path("terminate_connections")
    public String terminate(
            @PathParam("appId") String appId, @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        authenticator.admitAndRead(appId, "POST", uri, headers.getLength(), body);
        node.users().terminateEverywhere(userId(uri));
        return EventsResource.OK;
    }

    /** The user id from the raw path ({@code apps/{appId}/users/{userId}/…}). */
    private static String userId(UriInfo uri) {
        return RawPath.segment(uri, 3, "invalid_user", "user id");
    }
}
