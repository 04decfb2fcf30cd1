package dev.realtime.admission;

/**
 * Why a connection was refused, and how each transport says it: the HTTP status (with
 * {@code Retry-After}), the Pusher close code, and the stable {@code error} code of the JSON body.
 */
public enum Refusal {
    /** The client address holds {@code connections-per-address} connections already. */
    ADDRESS_QUOTA(429, 4004, "too_many_connections", "Too many connections from this address"),
    /** The client address opens connections faster than {@code handshake-rate}. */
    RATE(429, 4301, "too_many_handshakes", "Too many new connections from this address; slow down"),
    /** The node holds {@code connections-per-node} connections (or tracks as many addresses as it may). */
    NODE_FULL(503, 4100, "node_full", "This node is at capacity; try again later"),
    /**
     * The node is draining (shutting down): 4100 makes pusher-js come back after a back-off, through
     * the load balancer, rather than at once to the same node (4200 would).
     */
    DRAINING(503, 4100, "draining", "This node is shutting down; connect to another node");

    private final int httpStatus;
    private final int pusherCode;
    private final String error;
    private final String message;

    Refusal(int httpStatus, int pusherCode, String error, String message) {
        this.httpStatus = httpStatus;
        this.pusherCode = pusherCode;
        this.error = error;
        this.message = message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** 4004 and 4301 make pusher-js give up; 4100 (full or draining) makes it reconnect after a back-off. */
    public int pusherCode() {
        return pusherCode;
    }

    public String error() {
        return error;
    }

    /** A short, constant text (never quotes the request). */
    public String message() {
        return message;
    }
}
