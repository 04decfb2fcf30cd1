package dev.realtime.config;

/**
 * How WebSocket frames are written ({@code realtime.websocket.write-path}), for the Pusher endpoint
 * and the Socket.IO gateway alike.
 */
public enum WritePath {
    /** The server's native writer where the web tier has one (Undertow on WildFly), else portable. */
    AUTO,
    /** JSR-356 {@code RemoteEndpoint.Async.sendText(String, SendHandler)} on every server. */
    PORTABLE,
    /** The server's native writer; a deployment where there is none fails. */
    NATIVE
}
