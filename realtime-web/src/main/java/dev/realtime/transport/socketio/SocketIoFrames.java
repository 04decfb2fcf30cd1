package dev.realtime.transport.socketio;

import dev.realtime.message.Json;
import dev.realtime.presence.PresenceMember;
import java.util.List;

/**
 * The Engine.IO messages this gateway sends besides application events ({@link SocketIoWireFormat}),
 * as laravel-echo-server shaped them: presence as {@code presence:subscribed}, refusals as
 * {@code subscription_error (channel, status)}, and Socket.IO's CONNECT, CONNECT_ERROR, DISCONNECT
 * and ACK packets.
 */
final class SocketIoFrames {
    static final String JOINING = "presence:joining";
    static final String LEAVING = "presence:leaving";
    static final String SUBSCRIBED = "presence:subscribed";
    static final String SUBSCRIPTION_ERROR = "subscription_error";

    private SocketIoFrames() {}

    /** An Engine.IO message with an EVENT packet {@code [event, channel, dataJson]}. */
    static String event(String namespace, String event, String channel, String dataJson) {
        StringBuilder args = new StringBuilder(32 + event.length() + channel.length() + dataJson.length());
        args.append('[');
        Json.quote(args, event).append(',');
        Json.quote(args, channel).append(',').append(dataJson).append(']');
        return message(SocketPacket.encode(SocketPacket.Type.EVENT, namespace, null, args.toString()));
    }

    /** An Engine.IO message carrying one Socket.IO packet. */
    static String message(String socketPacket) {
        return EnginePacket.Type.MESSAGE.code() + socketPacket;
    }

    static String connected(String namespace, String sid) {
        return message(
                SocketPacket.encode(SocketPacket.Type.CONNECT, namespace, null, "{\"sid\":" + Json.quote(sid) + "}"));
    }

    static String connectError(String namespace, String text) {
        return message(SocketPacket.encode(
                SocketPacket.Type.CONNECT_ERROR, namespace, null, "{\"message\":" + Json.quote(text) + "}"));
    }

    static String disconnect(String namespace) {
        return message(SocketPacket.encode(SocketPacket.Type.DISCONNECT, namespace, null, null));
    }

    static String ack(String namespace, long id, String argsJson) {
        return message(SocketPacket.encode(SocketPacket.Type.ACK, namespace, id, argsJson));
    }

    static String subscriptionError(String namespace, String channel, int status) {
        return event(namespace, SUBSCRIPTION_ERROR, channel, String.valueOf(status));
    }

    /** {@code presence:subscribed (channel, [{user_id, user_info}, …])}. */
    static String presenceSubscribed(String namespace, String channel, List<PresenceMember> members) {
        StringBuilder list = new StringBuilder("[");
        for (PresenceMember m : members) {
            if (list.length() > 1) {
                list.append(',');
            }
            list.append(m.toJson());
        }
        return event(namespace, SUBSCRIBED, channel, list.append(']').toString());
    }
}
