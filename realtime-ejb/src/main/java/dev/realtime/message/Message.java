package dev.realtime.message;

import dev.realtime.history.HistoryPosition;
import java.util.Objects;

/**
 * One event on one channel, immutable and shared by every recipient.
 *
 * @param id unique message id (also the SSE {@code id:} line)
 * @param channel channel name, already validated
 * @param event event name, already validated
 * @param data the payload as JSON text (always valid JSON; a plain string arrives quoted)
 * @param timestamp epoch milliseconds when it was created
 * @param originNodeId the node that created it; a node drops broker copies of its own messages
 * @param exceptSocketId socket id that must not receive it (Pusher "to others"), or {@code null}
 * @param userId for a client event on a presence channel, the sender's member id (Pusher's
 *     {@code user_id}); else {@code null}
 * @param position where it stands in its channel's history (the same on every node), or {@code
 *     null} when its channel keeps none
 */
public record Message(
        String id,
        String channel,
        String event,
        String data,
        long timestamp,
        String originNodeId,
        String exceptSocketId,
        String userId,
        HistoryPosition position) {

    /** A message without a history position. */
    public Message(
            String id,
            String channel,
            String event,
            String data,
            long timestamp,
            String originNodeId,
            String exceptSocketId,
            String userId) {
        this(id, channel, event, data, timestamp, originNodeId, exceptSocketId, userId, null);
    }

    /** A message without a sender user id (every message but presence client events). */
    public Message(
            String id,
            String channel,
            String event,
            String data,
            long timestamp,
            String originNodeId,
            String exceptSocketId) {
        this(id, channel, event, data, timestamp, originNodeId, exceptSocketId, null);
    }

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(originNodeId, "originNodeId");
    }

    /** This message at {@code at} in its channel's history. */
    public Message withPosition(HistoryPosition at) {
        return new Message(id, channel, event, data, timestamp, originNodeId, exceptSocketId, userId, at);
    }

    /** Whether the connection with {@code socketId} is the excluded sender. */
    public boolean excludes(String socketId) {
        return exceptSocketId != null && exceptSocketId.equals(socketId);
    }
}
