package dev.realtime.transport.websocket;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.transport.io.TextFrame;

/**
 * Encodes the server-to-client frames of the Pusher Channels protocol v7. In every frame
 * {@code data} is a JSON <em>string</em>, as pusher-js expects. {@link #EVENT} is the shared
 * wire format for application events: encoded once per message, to UTF-8 bytes included, for all
 * WebSocket recipients.
 */
public final class PusherFrames {

    /** {@code {"event":E,"channel":C,"data":"<payload>"}}, once per message. */
    public static final WireFormat<TextFrame> EVENT = new WireFormat<>() {
        @Override
        public TextFrame encode(Message m) {
            String frame = frame(m.event(), m.channel(), m.data());
            if (m.userId() == null) {
                return TextFrame.of(frame);
            }
            StringBuilder withUser =
                    new StringBuilder(frame.length() + m.userId().length() + 16);
            withUser.append(frame, 0, frame.length() - 1).append(",\"user_id\":");
            return TextFrame.of(Json.quote(withUser, m.userId()).append('}').toString());
        }
    };

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
