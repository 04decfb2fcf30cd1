package dev.realtime.transport.socketio;

/**
 * Why an acknowledgement asked for with {@link SocketIoSockets#emitWithAck} did not come: the
 * exception a failed stage completes with.
 */
public final class SocketIoAckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What happened instead of the client's answer. */
    public enum Reason {
        /** the client did not answer within the timeout */
        TIMEOUT,
        /** no Socket.IO socket with that id is connected to this node */
        UNKNOWN_SOCKET,
        /** the socket or its session closed before the answer came */
        DISCONNECTED,
        /** the socket's session already waits for {@code realtime.socketio.pending-acks} acknowledgements */
        TOO_MANY_PENDING
    }

    private final Reason reason;

    public SocketIoAckException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
