package dev.realtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Socket.IO gateway's Engine.IO timings and limits ({@code realtime.socketio.*}), with
 * Socket.IO's own defaults.
 *
 * @param pingInterval time between server pings
 * @param pingTimeout time a client has to answer a ping
 * @param maxPayload largest message or polling body a client may send, in bytes
 * @param upgradeTimeout time a polling client has to finish the upgrade to WebSocket
 * @param namespaceLength longest namespace name, in characters
 * @param namespaces namespaces one session may connect to
 * @param pendingAcks acknowledgements the server may wait for from one session
 * @param auth the calls to the channel-auth endpoint for laravel-echo's {@code auth.headers}
 */
public record SocketIoSettings(
        Duration pingInterval,
        Duration pingTimeout,
        int maxPayload,
        Duration upgradeTimeout,
        int namespaceLength,
        int namespaces,
        int pendingAcks,
        AuthCalls auth) {

    /**
     * The gateway's outbound calls to the configured channel-auth endpoint: never to an address a
     * request named.
     *
     * @param url the endpoint, or {@code null}: none, the application's authorizers decide in-process
     * @param headers lower-case names of the client's {@code auth.headers} that are passed on
     * @param timeout how long one call may take
     * @param responseBytes most bytes of an answer that are read
     * @param inFlight calls one session may have waiting
     * @param nodeInFlight calls the whole node may have waiting
     */
    public record AuthCalls(
            URI url, Set<String> headers, Duration timeout, int responseBytes, int inFlight, int nodeInFlight) {
        public AuthCalls {
            headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        /** The defaults, with {@code url} as the endpoint (tests). */
        public static AuthCalls to(URI url) {
            return new AuthCalls(url, Set.of("cookie", "authorization"), Duration.ofSeconds(5), 16384, 16, 256);
        }
    }

    /** The given timings with every other limit at its default (tests). */
    public SocketIoSettings(Duration pingInterval, Duration pingTimeout, int maxPayload, Duration upgradeTimeout) {
        this(pingInterval, pingTimeout, maxPayload, upgradeTimeout, 128, 16, 100, AuthCalls.to(null));
    }

    /** The channel-auth endpoint, or {@code null} when none is configured. */
    public URI authUrl() {
        return auth.url();
    }

    static SocketIoSettings from(SettingReader r) {
        return new SocketIoSettings(
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_INTERVAL)),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_TIMEOUT)),
                r.positive(Setting.SOCKETIO_MAX_PAYLOAD),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_UPGRADE_TIMEOUT)),
                r.positive(Setting.SOCKETIO_NAMESPACE_LENGTH),
                r.positive(Setting.SOCKETIO_NAMESPACES),
                r.positive(Setting.SOCKETIO_PENDING_ACKS),
                new AuthCalls(
                        authUrl(r.text(Setting.SOCKETIO_AUTH_URL)),
                        Set.copyOf(r.list(Setting.SOCKETIO_AUTH_HEADERS)),
                        Duration.ofMillis(r.positive(Setting.SOCKETIO_AUTH_TIMEOUT)),
                        r.positive(Setting.SOCKETIO_AUTH_RESPONSE_BYTES),
                        r.positive(Setting.SOCKETIO_AUTH_IN_FLIGHT),
                        r.positive(Setting.SOCKETIO_NODE_AUTH_IN_FLIGHT)));
    }

    /** Empty: {@code null}; else an absolute {@code http} or {@code https} URL. */
    static URI authUrl(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("Configuration " + Setting.SOCKETIO_AUTH_URL.key() + "=" + value
                + " must be empty or an absolute http(s) URL");
    }
}
