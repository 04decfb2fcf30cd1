package dev.realtime.connection;

/**
 * What a connection's {@link OutboundQueue} does with a message that does not fit
 * ({@code realtime.limits.outbound-policy}).
 */
public enum OutboundPolicy {
    /** The connection is closed (Pusher 4100, Socket.IO disconnect, SSE stream end): today's default. */
    CLOSE,
    /** The message is dropped for that connection only and counted; the connection stays open. */
    DROP
}
