package dev.realtime.webhook;

import dev.realtime.message.Message;

/**
 * What the webhooks hear from the node: the events to send, and who speaks for a vanished node.
 * {@link Webhooks} sends them; {@link #NONE} ignores them.
 */
public interface WebhookEvents {
    WebhookEvents NONE = new WebhookEvents() {};

    default void occupied(String channel) {}

    default void vacated(String channel) {}

    default void memberAdded(String channel, String userId) {}

    default void memberRemoved(String channel, String userId) {}

    /** A client event this node received from the connection {@code socketId}. */
    default void clientEvent(Message m, String socketId) {}

    /** A subscriber on this node found a cache channel empty ({@code pusher:cache_miss}). */
    default void cacheMiss(String channel) {}

    /** Whether this node sends what a vanished node took with it (the lowest surviving node id). */
    default boolean responsibleForGone() {
        return true;
    }
}
