package dev.realtime.transport.socketio;

import dev.realtime.RealtimeException;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server's side of Socket.IO acknowledgements: asks one connected Socket.IO socket for an
 * answer, like Socket.IO's {@code socket.timeout(ms).emitWithAck(event, ...args)}. Inject it
 * anywhere in the WAR:
 *
 * <pre>{@code
 * @Inject SocketIoSockets sockets;
 *
 * sockets.emitWithAck(socketId, "confirm", Duration.ofSeconds(5), Map.of("order", 42))
 *         .thenAccept(answer -> ...);   // answer: the arguments the client passed to its callback
 * }</pre>
 *
 * The socket id is the Socket.IO {@code sid} (what {@code socket.id} shows the client, and what
 * "to others" broadcasts take); it names one socket on one namespace, so the event goes to that
 * namespace. Sockets live on the node that holds their session: ask the node the client is
 * connected to.
 *
 * <p>Each argument is encoded like {@code broadcast}'s data (a {@code String} as a JSON string,
 * {@code RawJson} verbatim, a JSON-P value, or any object JSON-B can serialize; each under
 * {@code realtime.limits.payload-bytes}). The stage completes with the client's ACK arguments, or
 * fails with a {@link SocketIoAckException}: {@code TIMEOUT} (checked by the sessions' sweep, so
 * it fires up to a sweep period late: a quarter of the shortest of {@code ping-interval},
 * {@code ping-timeout} and {@code upgrade-timeout}), {@code UNKNOWN_SOCKET}, {@code DISCONNECTED},
 * or at once {@code TOO_MANY_PENDING} when the socket's session already waits for
 * {@code realtime.socketio.pending-acks} acknowledgements. A waiting acknowledgement never outlives its socket. Stages complete on the
 * container's managed executor, never on a transport thread. Thread-safe; never blocks.
 */
@ApplicationScoped
public class SocketIoSockets {
    /** Longer timeouts are cut to this: an acknowledgement still waits as long as its socket lives. */
    private static final Duration LONGEST = Duration.ofDays(30);

    @Inject
    SocketIoRegistry sessions;

    @Inject
    RealtimeNode node;

    /**
     * Sends {@code event} with {@code args} to the socket with a fresh acknowledgement id.
     *
     * @return the client's acknowledgement arguments (as it passed them to its callback)
     * @throws IllegalArgumentException for a reserved or empty event name or a timeout that is not
     *     positive
     * @throws RealtimeException {@code invalid_payload} or {@code payload_too_large} for an argument
     */
    public CompletionStage<JsonArray> emitWithAck(String socketId, String event, Duration timeout, Object... args) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timeout, "timeout");
        if (event.isEmpty() || SocketPacket.RESERVED.contains(event)) {
            throw new IllegalArgumentException("Socket.IO reserves the event name '" + event + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive: " + timeout);
        }
        StringBuilder eventAndArgs = Json.quote(new StringBuilder("["), event);
        for (Object arg : args) {
            eventAndArgs.append(',').append(node.toJson(arg));
        }
        eventAndArgs.append(']');
        SocketIoConnection socket = sessions.socket(socketId);
        if (socket == null || socket.isClosed()) {
            return CompletableFuture.failedFuture(new SocketIoAckException(
                    SocketIoAckException.Reason.UNKNOWN_SOCKET, "No Socket.IO socket " + socketId + " on this node"));
        }
        long deadline = System.nanoTime() + (timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout).toNanos();
        return socket.emitWithAck(eventAndArgs.toString(), deadline);
    }

    /** Whether a Socket.IO socket with this id is connected to this node. */
    public boolean isConnected(String socketId) {
        SocketIoConnection socket = sessions.socket(socketId);
        return socket != null && !socket.isClosed();
    }
}
