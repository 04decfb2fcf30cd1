package dev.realtime.connection;

/**
 * One client connection as the core sees it, implemented by each transport (WebSocket, SSE,
 * long-polling, in-memory, …).
 *
 * <p>Threading: {@link #deliver} is called from the broadcasting thread, concurrently for many
 * connections and possibly concurrently for the same one; it must never block. A transport queues
 * the delivery (bounded) and writes asynchronously.
 */
public interface Connection {

    /** Unique id of this connection (the Pusher {@code socket_id}). */
    String id();

    /** Transport name: {@code websocket}, {@code sse}, {@code longpolling}, {@code memory}. */
    String transport();

    /** The authenticated user's id, or {@code null} for an anonymous connection. */
    String userId();

    /** Queues one message for this client. Never blocks; never throws for a slow client. */
    void deliver(Delivery delivery);

    /**
     * Ends the connection from the server side.
     *
     * @param why why: counted, and its Pusher close code ({@link Disconnect#code()}) sent where the
     *     transport carries one
     * @param reason human-readable reason
     */
    void disconnect(Disconnect why, String reason);
}
