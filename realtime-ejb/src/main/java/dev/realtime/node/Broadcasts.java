package dev.realtime.node;

import dev.realtime.broker.Broker;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.GuardedPublisher;
import dev.realtime.channel.ChannelNames;
import dev.realtime.cluster.Cluster;
import dev.realtime.connection.FanOut;
import dev.realtime.history.MessageHistory;
import dev.realtime.message.Message;
import java.util.Collection;
import java.util.List;

/**
 * How this node sends a message: validated and created at the call, then delivered to this node's
 * subscribers (and kept in history, with a position on a history channel: {@link ChannelHistory}) and handed to the broker, at once outside a JTA transaction
 * and after the commit inside one (nothing on rollback). A broker that publishes in the caller's
 * transaction gets the message at once; only the local delivery waits. Messages from other nodes
 * are delivered here only, the nodes' own ones go to the {@link Cluster}. Thread-safe.
 */
final class Broadcasts {
    private final MessageFactory messages;
    private final CallerTransaction transaction;
    private final Broker broker;
    private final GuardedPublisher publisher;
    private final MessageHistory history;
    private final FanOut fanOut;
    private final Cluster cluster;
    private final ChannelHistory channelHistory;

    Broadcasts(
            MessageFactory messages,
            CallerTransaction transaction,
            Broker broker,
            GuardedPublisher publisher,
            MessageHistory history,
            FanOut fanOut,
            Cluster cluster,
            ChannelHistory channelHistory) {
        this.messages = messages;
        this.transaction = transaction;
        this.broker = broker;
        this.publisher = publisher;
        this.history = history;
        this.fanOut = fanOut;
        this.cluster = cluster;
        this.channelHistory = channelHistory;
    }

    Message broadcast(String channel, String event, Object data, String exceptSocketId, String userId) {
        return send(messages.create(channel, event, data, exceptSocketId, userId));
    }

    List<Message> broadcast(Collection<String> channels, String event, Object data, String exceptSocketId) {
        return messages.create(channels, event, data, exceptSocketId).stream()
                .map(this::send)
                .toList();
    }

    Message broadcastLocal(String channel, String event, Object data) {
        return deliverLocally(messages.create(channel, event, data, null, null));
    }

    void broadcastLocal(Message message) {
        if (message.channel().equals(ChannelNames.CLUSTER_CHANNEL)) {
            cluster.receive(message);
        } else {
            deliverLocally(message);
        }
    }

    /**
     * Outside a transaction the message is returned as sent (with its history position, if any);
     * inside one as created, since it is appended to history only after the commit.
     */
    private Message send(Message message) {
        if (broker.publishesInCallerTransaction()) {
            if (!transaction.afterCommit(() -> deliverLocally(message))) {
                deliverLocally(message);
            }
            publisher.publish(message);
        } else if (!transaction.afterCommit(() -> deliverAndPublish(message))) {
            return deliverAndPublish(message);
        }
        return message;
    }

    /** Appended to a shared history first, so the copy every node gets carries its position. */
    private Message deliverAndPublish(Message message) {
        Message positioned = channelHistory.beforePublish(message);
        Message delivered = deliverLocally(positioned);
        publisher.publish(positioned);
        return delivered;
    }

    private Message deliverLocally(Message message) {
        Message positioned = channelHistory.beforeDeliver(message);
        history.append(positioned);
        fanOut.deliver(positioned);
        return positioned;
    }
}
