package dev.realtime.transport.socketio;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelType;
import dev.realtime.message.Echo;
import dev.realtime.message.Json;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.web.ClientEventRules;
import dev.realtime.web.auth.ChannelAccess;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * laravel-echo-server's events over Socket.IO, on the core's channels:
 *
 * <ul>
 *   <li>{@code subscribe {channel, auth}}: public channels at once; private and presence ones when
 *       the application's authorizers allow the session's user (as over SSE and long-polling), or,
 *       when {@code auth.headers} is not empty and {@code realtime.socketio.auth-url} is set, when
 *       that endpoint called with those headers answers with a valid signature ({@link EchoAuth},
 *       as laravel-echo-server does; without the setting the headers are ignored). Subscribing
 *       twice is harmless (Echo re-subscribes after every reconnect). Presence answers
 *       {@code presence:subscribed (channel, members)}; a refusal is
 *       {@code subscription_error (channel, status)}: 401 without a user, 403 when denied, 400 for a
 *       bad name or too many channels; with {@code auth.headers}, the endpoint's status, or 429 /
 *       503 when too many of its calls wait for this session / this node.
 *   <li>{@code unsubscribe {channel}}.
 *   <li>{@code client event {channel, event, data}}: a whisper under the {@link ClientEventRules},
 *       to the channel's other subscribers as {@code event (channel, data)}.
 * </ul>
 *
 * When the client asks for an acknowledgement, every event gets one: {@code {"status":200}} or
 * {@code {"status":4xx,"error":code,"message":…}} (with the channel for subscriptions); an unknown
 * event gets {@code unknown_event}. What the client sent is quoted back at most
 * {@code realtime.limits.echo-bytes} long (a valid channel name is quoted whole: clients match
 * refusals by it, and its length is already bounded). Thread-safe and stateless.
 */
final class EchoEvents {
    private static final Logger LOG = Logger.getLogger(EchoEvents.class.getName());
    /** Bytes of our own text an error message may have besides what it quotes of the client. */
    private static final int OWN_TEXT = 160;

    private final RealtimeNode node;
    private final ChannelAccess access;
    private final ClientEventRules rules;
    private final EchoAuth auth;
    private final int echoBytes;

    /** Without an auth URL: {@code auth.headers} are ignored, the authorizers decide. */
    EchoEvents(RealtimeNode node, ChannelAccess access) {
        this(node, access, null);
    }

    EchoEvents(RealtimeNode node, ChannelAccess access, EchoAuth auth) {
        this.node = node;
        this.access = access;
        this.rules = new ClientEventRules(node);
        this.auth = auth;
        this.echoBytes = node.settings().echoBytes();
    }

    void handle(SocketIoConnection socket, SocketPacket packet) {
        JsonArray args = packet.args();
        JsonObject body = !args.isEmpty() && args.get(0) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        Consumer<String> reply = answer -> {
            if (packet.ackId() != null) {
                socket.send(SocketIoFrames.ack(socket.namespace(), packet.ackId(), "[" + answer + "]"));
            }
        };
        switch (packet.event()) {
            case "subscribe" -> subscribe(socket, body, reply);
            case "unsubscribe" -> reply.accept(unsubscribe(socket, string(body, "channel")));
            case "client event" -> reply.accept(clientEvent(socket, body));
            default -> reply.accept(
                    refusal(400, "unknown_event", "Unknown event " + Echo.truncate(packet.event(), echoBytes), null));
        }
    }

    /** Answers through {@code reply}, at once or when the channel-auth endpoint has answered. */
    private void subscribe(SocketIoConnection socket, JsonObject body, Consumer<String> reply) {
        String channel = string(body, "channel");
        if (channel == null) {
            reply.accept(refusal(400, "invalid_channel", "subscribe needs {channel}", null));
            return;
        }
        try {
            node.names().requireChannel(channel);
            if (socket.registration().isSubscribed(channel)) {
                reply.accept(ok(channel));
                return;
            }
            ChannelType type = node.names().typeOf(channel);
            JsonObject headers = EchoAuth.headers(body);
            if (headers == null || !type.requiresAuthorization() || auth == null) {
                if (headers != null && auth == null) {
                    LOG.fine(() -> "auth.headers ignored for " + channel + ": realtime.socketio.auth-url is not set");
                }
                ChannelAccess.Grant grant = access.authorize(socket.principal(), channel, socket.id());
                reply.accept(join(socket, channel, grant, socket.principal() == null ? 401 : 403));
                return;
            }
            auth.authorize(socket.authCalls(), headers, socket.id(), channel, type)
                    .thenAccept(outcome -> {
                        if (outcome.grant() == null) {
                            node.authRefusals().refused(AuthRefusals.Kind.DENIED);
                        }
                        if (!socket.isClosed()) {
                            reply.accept(join(socket, channel, outcome.grant(), outcome.status()));
                        }
                    })
                    .exceptionally(e -> {
                        LOG.log(Level.WARNING, "Subscribing socket " + socket.id() + " to " + channel + " failed", e);
                        return null;
                    });
        } catch (RealtimeException e) {
            reply.accept(refused(socket, channel, e));
        }
    }

    /**
     * Subscribes the socket as granted, or refuses with {@code subscription_error (channel,
     * refusedStatus)} when {@code grant} is {@code null}; the answer for the client's ack.
     */
    private String join(SocketIoConnection socket, String channel, ChannelAccess.Grant grant, int refusedStatus) {
        if (grant == null) {
            socket.send(SocketIoFrames.subscriptionError(socket.namespace(), channel, refusedStatus));
            return switch (refusedStatus) {
                case 429 -> refusal(429, "rate_limited", "Too many channel authorizations waiting", channel);
                case 503 -> refusal(503, "over_capacity", "The server is authorizing too many channels", channel);
                case 500, 502, 504 -> refusal(
                        refusedStatus, "auth_unavailable", "The channel-auth endpoint failed", channel);
                default -> refusal(refusedStatus, "forbidden", "Not allowed to subscribe to " + channel, channel);
            };
        }
        try {
            if (grant.member() == null) {
                socket.registration().subscribe(channel);
            } else {
                socket.registration()
                        .subscribe(
                                channel,
                                grant.member(),
                                members -> socket.send(
                                        SocketIoFrames.presenceSubscribed(socket.namespace(), channel, members)));
            }
            return ok(channel);
        } catch (RealtimeException e) {
            return refused(socket, channel, e);
        }
    }

    /** A refusal of a channel the client named, which may be no valid name at all. */
    private String refused(SocketIoConnection socket, String channel, RealtimeException e) {
        String quoted = echo(channel);
        socket.send(SocketIoFrames.subscriptionError(socket.namespace(), quoted, 400));
        return refusal(400, e.code(), message(e.getMessage()), quoted);
    }

    private String unsubscribe(SocketIoConnection socket, String channel) {
        if (channel == null) {
            return refusal(400, "invalid_channel", "unsubscribe needs {channel}", null);
        }
        socket.registration().unsubscribe(channel);
        return ok(echo(channel));
    }

    private String clientEvent(SocketIoConnection socket, JsonObject body) {
        String channel = string(body, "channel");
        String event = string(body, "event");
        String refused = rules.refusal(socket.registration(), channel, event);
        if (refused != null) {
            return refusal(403, "client_event_refused", message(refused), echo(channel));
        }
        if (!socket.takeClientEventToken(rules.perSecond())) {
            return refusal(
                    429,
                    "rate_limited",
                    "Client event rate limit: " + rules.perSecond() + " per second",
                    echo(channel));
        }
        try {
            JsonValue data = body.getOrDefault("data", JsonValue.NULL);
            node.clientEvent(
                    channel,
                    event,
                    new RawJson(data.toString()),
                    socket.id(),
                    socket.registration().memberId(channel));
            return ok(channel);
        } catch (RealtimeException e) {
            return refusal(400, e.code(), message(e.getMessage()), channel);
        }
    }

    /** A channel name from the client as it may be quoted back: whole when its length is valid, else cut. */
    private String echo(String channel) {
        return channel == null || channel.length() <= node.settings().channelNameLimit()
                ? channel
                : Echo.truncate(channel, echoBytes);
    }

    /** A message that may quote the client: our text (up to {@link #OWN_TEXT} bytes) plus the echo cap. */
    private String message(String text) {
        return Echo.truncate(text, OWN_TEXT + echoBytes);
    }

    private static String ok(String channel) {
        return "{\"channel\":" + Json.quote(channel) + ",\"status\":200}";
    }

    private static String refusal(int status, String code, String message, String channel) {
        return "{" + (channel != null ? "\"channel\":" + Json.quote(channel) + "," : "") + "\"status\":" + status
                + ",\"error\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}";
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
