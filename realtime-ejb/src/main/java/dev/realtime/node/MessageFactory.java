package dev.realtime.node;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.message.PayloadEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds this node's messages: channel and event names checked, the payload encoded once, a fresh
 * id, the time and this node as the origin. Thread-safe.
 */
final class MessageFactory {
    private final ChannelNames names;
    private final PayloadEncoder payloads;
    private final MessageIds ids;
    private final String nodeId;

    MessageFactory(ChannelNames names, PayloadEncoder payloads, MessageIds ids, String nodeId) {
        this.names = names;
        this.payloads = payloads;
        this.ids = ids;
        this.nodeId = nodeId;
    }

    /** @throws RealtimeException for an invalid name or payload */
    Message create(String channel, String event, Object data, String exceptSocketId, String userId) {
        names.requireChannel(channel);
        names.requireEvent(event);
        return message(channel, event, payloads.encode(data), exceptSocketId, userId);
    }

    /** One message per channel, all validated before any is made, the payload encoded once. */
    List<Message> create(Collection<String> channels, String event, Object data, String exceptSocketId) {
        channels.forEach(names::requireChannel);
        names.requireEvent(event);
        String json = payloads.encode(data);
        List<Message> messages = new ArrayList<>(channels.size());
        for (String channel : channels) {
            messages.add(message(channel, event, json, exceptSocketId, null));
        }
        return messages;
    }

    private Message message(String channel, String event, String json, String exceptSocketId, String userId) {
        return new Message(
                ids.next(), channel, event, json, System.currentTimeMillis(), nodeId, exceptSocketId, userId);
    }
}
