package dev.realtime.transport.socketio;

/**
 * Input that breaks the Engine.IO or Socket.IO protocol. The session that received it is closed
 * with Engine.IO's {@code parse error}; it never reaches the container.
 */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, false, false);
    }
}
