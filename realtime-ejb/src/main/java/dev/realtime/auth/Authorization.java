package dev.realtime.auth;

import java.util.Objects;

/**
 * An authorizer's answer: {@link #deny()}, {@link #allow()}, or {@link #presence} with the member
 * the user appears as on a presence channel.
 *
 * @param allowed whether the user may subscribe
 * @param userId the presence member id ({@code user_id}), or {@code null}
 * @param userInfo the presence member's public info (any JSON-B serializable object), or {@code null}
 */
public record Authorization(boolean allowed, String userId, Object userInfo) {
    private static final Authorization DENY = new Authorization(false, null, null);
    private static final Authorization ALLOW = new Authorization(true, null, null);

    public static Authorization deny() {
        return DENY;
    }

    public static Authorization allow() {
        return ALLOW;
    }

    /** Allowed on a presence channel as member {@code userId} with {@code userInfo} (may be null). */
    public static Authorization presence(String userId, Object userInfo) {
        return new Authorization(true, Objects.requireNonNull(userId, "userId"), userInfo);
    }
}
