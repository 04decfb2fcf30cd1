package dev.realtime.transport.websocket;

import dev.realtime.RealtimeException;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelType;
import dev.realtime.message.Echo;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.JsonP;
import dev.realtime.web.auth.ChannelAccess;
import dev.realtime.web.auth.ChannelSignatures;
import java.util.List;
import java.util.Optional;

/**
 * Subscriptions and sign-in over the Pusher protocol. Private channels need the auth signature
 * over {@code socket_id:channel}; presence channels the signature over the exact
 * {@code channel_data} string the client sent; channels matching the private patterns (such as
 * {@code user.*}), which Pusher clients send without a signature, need a signed-in user whom the
 * application's authorizer allows. Every refusal is a {@code pusher:subscription_error} on the
 * channel, and nothing from that channel reaches the client; its message quotes at most
 * {@code realtime.limits.echo-bytes} of a name.
 */
final class PusherChannels {
    private final RealtimeNode node;
    private final ChannelAccess access;

    PusherChannels(RealtimeNode node, ChannelAccess access) {
        this.node = node;
        this.access = access;
    }

    void subscribe(PusherConnection connection, ClientFrame frame) {
        String channel = frame.dataString("channel");
        if (channel == null) {
            connection.send(PusherFrames.error(4000, "pusher:subscribe needs data.channel"));
            return;
        }
        try {
            node.names().requireChannel(channel);
            ChannelType type = node.names().typeOf(channel);
            PusherSignatures signatures = node.signatures();
            String auth = frame.dataString("auth");
            if (type == ChannelType.PRESENCE) {
                PresenceMember member = ChannelSignatures.presenceMember(
                        signatures, connection.id(), channel, frame.dataString("channel_data"), auth);
                if (member == null) {
                    refuseSignature(connection, channel);
                    return;
                }
                connection.registration().subscribe(channel, member, members -> {
                    connection.send(PusherFrames.subscriptionSucceeded(channel, presenceData(members)));
                    sendCached(connection, channel);
                });
                return;
            }
            if (type == ChannelType.PRIVATE && channel.startsWith("private-")) {
                if (!ChannelSignatures.privateValid(signatures, connection.id(), channel, auth)) {
                    refuseSignature(connection, channel);
                    return;
                }
            } else if (type == ChannelType.PRIVATE) {
                if (connection.userId() == null) {
                    node.authRefusals().refused(AuthRefusals.Kind.DENIED);
                    refuse(connection, channel, 401, echo(channel) + " needs a signed-in user (pusher:signin)");
                    return;
                }
                if (access.authorize(connection.principal(), channel, connection.id()) == null) {
                    refuse(
                            connection,
                            channel,
                            403,
                            "User " + echo(connection.userId()) + " may not join " + echo(channel));
                    return;
                }
            }
            connection.registration().subscribe(channel);
            connection.send(PusherFrames.subscriptionSucceeded(channel));
            sendCached(connection, channel);
        } catch (RealtimeException e) {
            connection.send(PusherFrames.subscriptionError(routable(channel), e.code(), e.getMessage(), 400));
        }
    }

    /**
     * On a cache channel ({@code cache-…}, {@code private-cache-…}, {@code presence-cache-…}),
     * right after {@code subscription_succeeded}: the channel's last event, or {@code
     * pusher:cache_miss} (and the {@code cache_miss} webhook) when none is kept or the history store
     * cannot be reached. A message
     * published while the client subscribes may come twice: live and as the cached event.
     */
    private void sendCached(PusherConnection connection, String channel) {
        if (!ChannelNames.isCache(channel)) {
            return;
        }
        Optional<Message> last = node.channelHistory().cached(channel);
        if (last.isPresent() && !last.get().excludes(connection.id())) {
            connection.send(PusherWireFormat.INSTANCE.encode(last.get()).text());
        } else {
            connection.send(PusherFrames.cacheMiss(channel));
            node.webhooks().cacheMiss(channel);
        }
    }

    /** {@code pusher:signin}: checks the signature over the exact user_data and adopts its id. */
    void signIn(PusherConnection connection, ClientFrame frame) {
        String userData = frame.dataString("user_data");
        String auth = frame.dataString("auth");
        if (userData == null
                || !PusherSignatures.matches(node.signatures().userAuth(connection.id(), userData), auth)) {
            node.authRefusals().refused(AuthRefusals.Kind.SIGNATURE);
            connection.send(PusherFrames.error(4009, "Invalid sign-in signature"));
            return;
        }
        String id = ChannelSignatures.memberId(
                JsonP.parseObject(userData, "user_data").get("id"));
        if (id == null || id.isEmpty()) {
            connection.send(PusherFrames.error(4009, "user_data needs an id"));
            return;
        }
        if (!connection.signIn(id)) {
            connection.send(PusherFrames.error(4009, "This connection is already signed in as another user"));
            return;
        }
        connection.send(
                PusherFrames.frame("pusher:signin_success", null, "{\"user_data\":" + Json.quote(userData) + "}"));
    }

    private void refuseSignature(PusherConnection connection, String channel) {
        node.authRefusals().refused(AuthRefusals.Kind.SIGNATURE);
        refuse(connection, channel, 401, "Invalid signature for " + echo(channel));
    }

    /** At most {@code realtime.limits.echo-bytes} of client input, for a message that quotes it. */
    private String echo(String input) {
        return Echo.truncate(input, node.settings().echoBytes());
    }

    /**
     * The channel as the frame's {@code channel} field, which the client routes the reply by: whole
     * when it is no longer than a valid name may be, else cut like any echo (no valid subscription
     * has that name anyway).
     */
    private String routable(String channel) {
        return channel.length() <= node.settings().channelNameLimit() ? channel : echo(channel);
    }

    private static void refuse(PusherConnection connection, String channel, int status, String message) {
        connection.send(PusherFrames.subscriptionError(channel, "AuthError", message, status));
    }

    /** {@code {"presence":{"ids":[…],"hash":{id:info},"count":n}}} for subscription_succeeded. */
    private static String presenceData(List<PresenceMember> members) {
        StringBuilder ids = new StringBuilder("[");
        StringBuilder hash = new StringBuilder("{");
        for (PresenceMember m : members) {
            if (ids.length() > 1) {
                ids.append(',');
                hash.append(',');
            }
            Json.quote(ids, m.userId());
            Json.quote(hash, m.userId()).append(':').append(m.userInfo() != null ? m.userInfo() : "null");
        }
        return "{\"presence\":{\"ids\":" + ids.append(']') + ",\"hash\":" + hash.append('}') + ",\"count\":"
                + members.size() + "}}";
    }
}
