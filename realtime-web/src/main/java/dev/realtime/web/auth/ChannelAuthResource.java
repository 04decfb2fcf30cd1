package dev.realtime.web.auth;

import dev.realtime.auth.PusherSignatures;
import dev.realtime.message.Echo;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ErrorResponses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.security.Principal;
import java.util.regex.Pattern;

/**
 * The channel-auth endpoints Pusher clients call before joining a private or presence channel:
 * {@code POST /broadcasting/auth} (laravel-echo's default) and {@code POST /pusher/auth}
 * (pusher-js's), form {@code socket_id}, {@code channel_name}. The request's principal and the
 * application's authorizers decide; the answer is the Pusher signature {@code {"auth":"key:sig"}}
 * plus {@code channel_data} for presence. 403 when denied, 400 on bad input.
 *
 * <p>User sign-in ({@code pusher:signin}) is signed by {@code POST /pusher/user-auth} and
 * {@code /broadcasting/user-auth}, form {@code socket_id}: {@code {"auth", "user_data"}} with the
 * principal's name as the user id; 403 without a principal.
 *
 * <p>The form is read by {@link AuthForm}, never past {@code realtime.limits.auth-body-bytes}: 413
 * {@code body_too_large} for a larger {@code Content-Length} (before reading) or a longer body.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ChannelAuthResource {
    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

    @Inject
    RealtimeNode node;

    @Inject
    ChannelAccess access;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @Context
    HttpHeaders headers;

    @POST
    @Path("broadcasting/auth")
    public Response laravelChannelAuth(InputStream body) {
        AuthForm form = form(body);
        return channelAuth(form.get("socket_id"), form.get("channel_name"));
    }

    @POST
    @Path("pusher/auth")
    public Response pusherChannelAuth(InputStream body) {
        AuthForm form = form(body);
        return channelAuth(form.get("socket_id"), form.get("channel_name"));
    }

    @POST
    @Path("broadcasting/user-auth")
    public Response laravelUserAuth(InputStream body) {
        return userAuth(form(body).get("socket_id"));
    }

    @POST
    @Path("pusher/user-auth")
    public Response pusherUserAuth(InputStream body) {
        return userAuth(form(body).get("socket_id"));
    }

    private AuthForm form(InputStream body) {
        return AuthForm.read(
                request, headers.getLength(), body, node.settings().bodyLimits().authBytes());
    }

    private Response channelAuth(String socketId, String channel) {
        requireSocketId(socketId);
        if (channel == null) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "missing_channel", "Give channel_name");
        }
        node.names().requireChannel(channel);
        if (!node.names().typeOf(channel).requiresAuthorization()) {
            return ErrorResponses.of(
                    Response.Status.BAD_REQUEST,
                    "public_channel",
                    "Channel " + echo(channel) + " needs no authorization");
        }
        ChannelAccess.Grant grant = access.authorize(security.getUserPrincipal(), channel, socketId);
        if (grant == null) {
            return ErrorResponses.of(
                    Response.Status.FORBIDDEN, "forbidden", "Not allowed to subscribe to " + echo(channel));
        }
        PusherSignatures signatures = node.signatures();
        if (grant.member() == null) {
            return json("{\"auth\":" + Json.quote(signatures.privateAuth(socketId, channel)) + "}");
        }
        String channelData = grant.member().toJson();
        return json("{\"auth\":" + Json.quote(signatures.presenceAuth(socketId, channel, channelData))
                + ",\"channel_data\":" + Json.quote(channelData) + "}");
    }

    private String echo(String input) {
        return Echo.truncate(input, node.settings().echoBytes());
    }

    private Response userAuth(String socketId) {
        requireSocketId(socketId);
        Principal user = security.getUserPrincipal();
        if (user == null) {
            return ErrorResponses.of(Response.Status.FORBIDDEN, "forbidden", "Sign-in needs an authenticated user");
        }
        String userData = "{\"id\":" + Json.quote(user.getName()) + "}";
        return json("{\"auth\":" + Json.quote(node.signatures().userAuth(socketId, userData)) + ",\"user_data\":"
                + Json.quote(userData) + "}");
    }

    private static void requireSocketId(String socketId) {
        if (socketId == null || !SOCKET_ID.matcher(socketId).matches()) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "invalid_socket_id", "socket_id must look like 1234.5678");
        }
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
