package dev.realtime.connection;

/**
 * Why a connection ended, one of a few: the label of {@code realtime_disconnects_total} and the
 * Pusher close code the server sends for it (transports without close codes ignore the code).
 */
public enum Disconnect {
    /** The client closed the connection or went away (a closed socket, a long-poll DELETE, a dead stream). */
    CLIENT("client", 4200),
    /** The client did not read fast enough: its outbound queue overflowed under the {@code close} policy. */
    SLOW("slow", 4100),
    /** The client missed a deadline: no pong in time, no poll within the long-poll client expiry. */
    TIMEOUT("timeout", 4201),
    /** The application ended the user's connections ({@code terminate_connections}). */
    TERMINATED("terminated", 4009),
    /** The node is shutting down or draining: reconnect (to another node). */
    SHUTDOWN("shutdown", 4200),
    /** Writing to the client failed. */
    ERROR("error", 4200);

    private final String label;
    private final int code;

    Disconnect(String label, int code) {
        this.label = label;
        this.code = code;
    }

    /** The metric label: {@code client}, {@code slow}, {@code timeout}, {@code terminated}, {@code shutdown}, {@code error}. */
    public String label() {
        return label;
    }

    /** The Pusher close code (4000–4299) sent for this reason. */
    public int code() {
        return code;
    }
}
