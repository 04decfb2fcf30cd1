package dev.realtime.node;

import dev.realtime.connection.ConnectionRegistry;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.presence.PresenceMember;
import java.util.function.Consumer;

/**
 * Tells a presence channel's subscribers on this node that a user joined or left, with the Pusher
 * protocol's internal events ({@link #MEMBER_ADDED}, {@link
 * #MEMBER_REMOVED}); each transport translates them. Not kept in history, never
 * published: every node announces its own members.
 */
public final class PresenceEvents implements ConnectionRegistry.PresenceListener {
    /** Event of the internal message announcing a presence member's arrival. */
    public static final String MEMBER_ADDED = "pusher_internal:member_added";
    /** Event of the internal message announcing a presence member's departure. */
    public static final String MEMBER_REMOVED = "pusher_internal:member_removed";

    private final Consumer<Message> fanOut;
    private final MessageIds ids;
    private final String nodeId;

    PresenceEvents(Consumer<Message> fanOut, MessageIds ids, String nodeId) {
        this.fanOut = fanOut;
        this.ids = ids;
        this.nodeId = nodeId;
    }

    @Override
    public void joined(String channel, PresenceMember member, String connectionId) {
        fanOut.accept(internal(channel, MEMBER_ADDED, member.toJson(), connectionId));
    }

    @Override
    public void left(String channel, PresenceMember member) {
        String data = "{\"user_id\":" + Json.quote(member.userId()) + "}";
        fanOut.accept(internal(channel, MEMBER_REMOVED, data, null));
    }

    private Message internal(String channel, String event, String data, String exceptConnection) {
        return new Message(ids.next(), channel, event, data, System.currentTimeMillis(), nodeId, exceptConnection);
    }
}
