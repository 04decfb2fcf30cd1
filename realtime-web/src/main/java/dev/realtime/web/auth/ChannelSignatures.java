package dev.realtime.web.auth;

import dev.realtime.RealtimeException;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.JsonP;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Checks what the channel-auth endpoint signed ({@code {"auth", "channel_data"}}), for every
 * transport that subscribes with it: the Pusher protocol's {@code pusher:subscribe}, and the
 * Socket.IO gateway's subscriptions authorized with laravel-echo's {@code auth.headers}.
 */
public final class ChannelSignatures {
    private ChannelSignatures() {}

    /** Whether {@code auth} is this app's signature over {@code socket_id:channel}. */
    public static boolean privateValid(PusherSignatures signatures, String socketId, String channel, String auth) {
        return PusherSignatures.matches(signatures.privateAuth(socketId, channel), auth);
    }

    /**
     * The member {@code channelData} names when {@code auth} is this app's signature over
     * {@code socket_id:channel:channel_data}; {@code null} when it is not (or there is no data).
     *
     * @throws RealtimeException {@code malformed_frame} or {@code invalid_channel_data} for signed
     *     data that is not a member
     */
    public static PresenceMember presenceMember(
            PusherSignatures signatures, String socketId, String channel, String channelData, String auth) {
        if (channelData == null
                || !PusherSignatures.matches(signatures.presenceAuth(socketId, channel, channelData), auth)) {
            return null;
        }
        JsonObject data = JsonP.parseObject(channelData, "channel_data");
        String userId = memberId(data.get("user_id"));
        if (userId == null) {
            throw new RealtimeException("invalid_channel_data", "channel_data needs a user_id");
        }
        JsonValue info = data.get("user_info");
        return new PresenceMember(userId, info == null || info == JsonValue.NULL ? null : info.toString());
    }

    /** A member or user id as Pusher sends it: a JSON string or number; else {@code null}. */
    public static String memberId(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof JsonNumber n ? n.toString() : null;
    }
}
