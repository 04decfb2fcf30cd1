package dev.realtime.config;

import java.time.Duration;

/**
 * The Socket.IO gateway's Engine.IO timings and limits ({@code realtime.socketio.*}), with
 * Socket.IO's own defaults.
 *
 * @param pingInterval time between server pings
 * @param pingTimeout time a client has to answer a ping
 * @param maxPayload largest message or polling body a client may send, in bytes
 * @param upgradeTimeout time a polling client has to finish the upgrade to WebSocket
 */
public record SocketIoSettings(Duration pingInterval, Duration pingTimeout, int maxPayload, Duration upgradeTimeout) {

    static SocketIoSettings from(SettingReader r) {
        return new SocketIoSettings(
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_INTERVAL)),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_PING_TIMEOUT)),
                r.positive(Setting.SOCKETIO_MAX_PAYLOAD),
                Duration.ofMillis(r.positive(Setting.SOCKETIO_UPGRADE_TIMEOUT)));
    }
}
