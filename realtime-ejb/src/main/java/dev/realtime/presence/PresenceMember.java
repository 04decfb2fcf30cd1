package dev.realtime.presence;

import dev.realtime.message.Json;
import java.util.Objects;

/**
 * A member of a presence channel.
 *
 * @param userId the member id ({@code user_id})
 * @param userInfo the member's public info as JSON text ({@code null} when there is none)
 */
public record PresenceMember(String userId, String userInfo) {
    public PresenceMember {
        Objects.requireNonNull(userId, "userId");
    }

    /**
     * {@code {"user_id":…,"user_info":…}}: the Pusher {@code channel_data} a presence subscription is
     * signed over, and the data of {@code member_added}.
     */
    public String toJson() {
        return "{\"user_id\":" + Json.quote(userId) + ",\"user_info\":" + (userInfo != null ? userInfo : "null") + "}";
    }
}
