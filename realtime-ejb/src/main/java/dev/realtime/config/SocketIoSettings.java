package dev.realtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The Socket.IO gateway's Engine.IO timings and limits ({@code realtime.socketio.*}), with
 * Socket.IO's own defaults.
 *
 * @param pingInterval time between server pings
 * @param pingTimeout time a client has to answer a ping
 * @param maxPayload largest message or polling body a client may send, in bytes
 * @param upgradeTimeout time a polling client has to finish the upgrade to WebSocket
 * @param authUrl the channel-auth endpoint for laravel-echo's {@code auth.headers}, or {@code null}:
 *     this server's own, derived from each session's handshake
 */
public record SocketIoSettings(
        Duration pingInterval, Duration pingTimeout, int maxPayload, Duration upgradeTimeout, URI authUrl) {

    public SocketIoSettings(Duration pingInterval, Duration pingTimeout, int maxPayload, Duration upgradeTimeout) {
        this(pingInterval, pingTimeout, maxPayload, upgradeTimeout, null);
    }

    static SocketIoSettings from(SettingReader r) {
        return new SocketIoSettings(
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_INTERVAL)),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_TIMEOUT)),
                r.positive(Setting.SOCKETIO_MAX_PAYLOAD),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_UPGRADE_TIMEOUT)),
                authUrl(r.text(Setting.SOCKETIO_AUTH_URL)));
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
