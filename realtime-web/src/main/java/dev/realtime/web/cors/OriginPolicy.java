package dev.realtime.web.cors;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may use this server ({@code realtime.cors.allowed-origins}): exact origins
 * ({@code scheme://host[:port]}, compared case-insensitively, a trailing slash ignored) or
 * {@code *} for any. An empty list allows no other origin: same-origin pages need no CORS.
 * Immutable and thread-safe.
 */
public final class OriginPolicy {
    private final boolean any;
    private final Set<String> origins;

    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.origins = allowed.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a page from {@code origin} (the Origin header) may call the endpoints. */
    public boolean allows(String origin) {
        return origin != null && (any || origins.contains(normalize(origin)));
    }

    /**
     * Whether a WebSocket upgrade with this Origin header may proceed: always without the header
     * (not a browser) or when no list is configured (a Pusher socket can read public channels only,
     * and private ones need a signature from the CORS-protected auth endpoint); otherwise only for a
     * listed origin.
     */
    public boolean allowsWebSocket(String origin) {
        return origin == null || origins.isEmpty() || allows(origin);
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
