package dev.realtime.node;

import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.presence.Presence;
import dev.realtime.presence.PresenceMember;
import dev.realtime.webhook.WebhookEvents;
import java.util.function.Consumer;

/**
 * Tells a presence channel's subscribers on this node that a user joined or left the cluster,
 * with the Pusher protocol's internal events ({@link #MEMBER_ADDED}, {@link #MEMBER_REMOVED}).
 * Both carry the whole member ({@code {"user_id":…,"user_info":…}}) as data and, for a departure,
 * its id as the message's {@code userId}: each wire format takes what its clients expect (the
 * Pusher one sends only the id of a departure, Socket.IO's the member). Not kept in history, never
 * published: every node announces to its own subscribers what {@link Presence} decided. The
 * {@code member_added} / {@code member_removed} webhooks go from the node where the change happened
 * (a vanished node's members: from the surviving node with the lowest id).
 */
public final class PresenceEvents implements Presence.Listener {
    /** Event of the internal message announcing a presence member's arrival. */
    public static final String MEMBER_ADDED = "pusher_internal:member_added";
    /** Event of the internal message announcing a presence member's departure. */
    public static final String MEMBER_REMOVED = "pusher_internal:member_removed";

    private final Consumer<Message> fanOut;
    private final MessageIds ids;
    private final String nodeId;
    private final WebhookEvents webhooks;

    PresenceEvents(Consumer<Message> fanOut, MessageIds ids, String nodeId, WebhookEvents webhooks) {
        this.fanOut = fanOut;
        this.ids = ids;
        this.nodeId = nodeId;
        this.webhooks = webhooks;
    }

    @Override
    public void joined(String channel, PresenceMember member, String exceptConnectionId) {
        if (exceptConnectionId != null) { // the first connection anywhere joined here: this node tells
            webhooks.memberAdded(channel, member.userId());
        }
        fanOut.accept(new Message(
                ids.next(),
                channel,
                MEMBER_ADDED,
                member.toJson(),
                System.currentTimeMillis(),
                nodeId,
                exceptConnectionId));
    }

    @Override
    public void left(String channel, PresenceMember member, Presence.Departure why) {
        if (why == Presence.Departure.HERE || (why == Presence.Departure.NODE_GONE && webhooks.responsibleForGone())) {
            webhooks.memberRemoved(channel, member.userId());
        }
        fanOut.accept(new Message(
                ids.next(),
                channel,
                MEMBER_REMOVED,
                member.toJson(),
                System.currentTimeMillis(),
                nodeId,
                null,
                member.userId()));
    }
}
