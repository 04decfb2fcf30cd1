package dev.realtime.api;

import dev.realtime.channel.ChannelNames;
import dev.realtime.node.RealtimeNode;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Publishing through the Pusher HTTP API, as {@code trigger} in every Pusher server SDK calls it.
 * Each event goes to {@code RealtimeManager.broadcast} once per channel, so it reaches this node's
 * subscribers on every transport and the broker; a channel {@code #server-to-user-<id>} (the server
 * SDKs' {@code sendToUser}) goes to that user's signed-in connections on every node
 * ({@link UsersResource}). A request is validated whole before anything is
 * published. The body is read only after the query's signature verified, and never past
 * {@code realtime.limits.api-body-bytes}; its JSON is parsed only after {@code body_md5} matched.
 *
 * <p>Answers (errors carry the JSON body {@code {"error":code,"message":…}}):
 *
 * <ul>
 *   <li>200 {@code {}}: published;
 *   <li>400: the body is not a JSON object ({@code invalid_body}), a field is missing or of the
 *       wrong type ({@code invalid_field}), over {@value EventRequests#MAX_CHANNELS} channels
 *       ({@code too_many_channels}), over {@value EventRequests#MAX_BATCH} events in a batch
 *       ({@code too_many_events}), a bad {@code socket_id}, channel or event name;
 *   <li>401: the request is not validly signed (missing or wrong {@code auth_*} parameters, a
 *       timestamp more than 600 s off, a {@code body_md5} that does not match the body);
 *   <li>404 {@code unknown_app}: another app id;
 *   <li>413 {@code body_too_large}: a {@code Content-Length} over {@code realtime.limits.api-body-bytes}
 *       (answered before the body is read), or a body of unknown length that grows past it;
 *   <li>413 {@code payload_too_large}: an event's data over {@code realtime.limits.payload-bytes}.
 * </ul>
 *
 * <p>{@link PublishFilter} serves the usual form of these two requests without JAX-RS, through
 * {@link #publish(boolean, byte[])}; the JAX-RS methods here answer the rest (matrix parameters, an
 * encoded app id, a trailing slash, an {@code Accept} that needs negotiating). Stateless and
 * thread-safe.
 */
@Path("apps/{appId}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    static final String OK = "{}";

    @Inject
    RealtimeNode node;

    @Inject
    ApiAuthenticator authenticator;

    /** {@code {name, data, channel | channels, socket_id?}}: one event to one or more channels. */
    @POST
    @Path("events")
    public String events(
            @PathParam("appId") String appId, @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        publish(false, authenticator.admitAndRead(appId, "POST", uri, headers.getLength(), body));
        return OK;
    }

    /** {@code {batch: [{name, data, channel, socket_id?}, …]}}: several events, all or none. */
    @POST
    @Path("batch_events")
    public String batchEvents(
            @PathParam("appId") String appId, @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        publish(true, authenticator.admitAndRead(appId, "POST", uri, headers.getLength(), body));
        return OK;
    }

    /**
     * Parses an admitted body ({@link ApiAuthenticator#admitAndRead}) as {@code events} or, when
     * {@code batch}, {@code batch_events}, and publishes it whole; refuses it whole as the class
     * comment says.
     */
    public void publish(boolean batch, byte[] body) {
        publish(batch ? EventRequests.batch(node, body) : List.of(EventRequests.event(node, body)));
    }

    private void publish(List<ApiEvent> events) {
        for (ApiEvent event : events) {
            List<String> channels = new ArrayList<>();
            for (String channel : event.channels()) {
                if (channel.startsWith(ChannelNames.USER_CHANNEL_PREFIX)) {
                    String user = channel.substring(ChannelNames.USER_CHANNEL_PREFIX.length());
                    node.users().send(user, event.name(), event.payload());
                } else {
                    channels.add(channel);
                }
            }
            if (!channels.isEmpty()) {
                node.broadcast(channels, event.name(), event.payload(), event.socketId());
            }
        }
    }
}
