package dev.realtime.transport.websocket;

import dev.realtime.message.Json;

/**
 * Encodes the Pusher Channels protocol v7's own server-to-client frames (connection, subscription,
 * errors, ping/pong). In every frame {@code data} is a JSON <em>string</em>, as pusher-js expects.
 * Application events are {@link PusherWireFormat}'s.
 */
public final class PusherFrames {

    public static final String PONG = frame("pusher:pong", null, "{}");
    public static final String PING = frame("pusher:ping", null, "{}");

    private PusherFrames() {}

    public static String connectionEstablished(String socketId, long activityTimeoutSeconds) {
        String data =
                "{\"socket_id\":" + Json.quote(socketId) + ",\"activity_timeout\":" + activityTimeoutSeconds + "}";
        return frame("pusher:connection_established", null, data);
    }

    public static String subscriptionSucceeded(String channel) {
        return subscriptionSucceeded(channel, "{}");
    }

    /** With {@code data}: the presence member list on presence channels. */
    public static String subscriptionSucceeded(String channel, String data) {
        return frame("pusher_internal:subscription_succeeded", channel, data);
    }

    /** {@code pusher:subscription_error} for the channel, with the error type and HTTP-like status. */
    public static String subscriptionError(String channel, String type, String error, int status) {
        String data =
                "{\"type\":" + Json.quote(type) + ",\"error\":" + Json.quote(error) + ",\"status\":" + status + "}";
        return frame("pusher:subscription_error", channel, data);
    }

    /** {@code pusher:cache_miss} on a cache channel that keeps no event yet (no {@code data}, as Pusher sends it). */
    public static String cacheMiss(String channel) {
        return Json.quote(new StringBuilder("{\"event\":\"pusher:cache_miss\",\"channel\":"), channel)
                .append('}')
                .toString();
    }

    /** {@code pusher:error} with a Pusher error code; the connection stays open. */
    public static String error(int code, String message) {
        return frame("pusher:error", null, "{\"message\":" + Json.quote(message) + ",\"code\":" + code + "}");
    }

    /** A frame whose data is the JSON text {@code data}, sent as a string. */
    static String frame(String event, String channel, String data) {
        StringBuilder out = new StringBuilder(48 + event.length() + data.length() * 5 / 4);
        out.append("{\"event\":");
        Json.quote(out, event);
        if (channel != null) {
            out.append(",\"channel\":");
            Json.quote(out, channel);
        }
        out.append(",\"data\":");
        Json.quote(out, data);
        return out.append('}').toString();
    }
}
