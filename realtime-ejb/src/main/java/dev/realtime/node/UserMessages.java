package dev.realtime.node;

import dev.realtime.RealtimeException;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.channel.ChannelNames;
import dev.realtime.cluster.Cluster;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.FanOut;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.message.PayloadEncoder;

/**
 * Messages to one user, wherever they are connected, as the Pusher server SDKs call them: an
 * event on {@code #server-to-user-<id>} to every connection signed in as the user
 * ({@code pusher:signin}), and the termination of all of the user's connections. Each is done on
 * this node and told to the other nodes through the cluster channel, where each node does the
 * same for its own connections: at once, or inside the caller's JTA transaction after its commit
 * (never on rollback), like a broadcast. Thread-safe.
 */
public final class UserMessages implements Cluster.Users {
    /** Longest user id, as Pusher allows. */
    public static final int USER_ID_LIMIT = 200;
    /** Close code and reason of a terminated connection (Pusher: do not reconnect). */
    public static final int TERMINATED = 4009; // Disconnect.TERMINATED.code()

    private final ChannelNames names;
    private final PayloadEncoder payloads;
    private final MessageIds ids;
    private final String nodeId;
    private final FanOut fanOut;
    private final ConnectionRegistry connections;
    private final CallerTransaction transaction;
    private volatile Cluster cluster;

    UserMessages(
            ChannelNames names,
            PayloadEncoder payloads,
            MessageIds ids,
            String nodeId,
            FanOut fanOut,
            ConnectionRegistry connections,
            CallerTransaction transaction) {
        this.names = names;
        this.payloads = payloads;
        this.ids = ids;
        this.nodeId = nodeId;
        this.fanOut = fanOut;
        this.connections = connections;
        this.transaction = transaction;
    }

    void attach(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Sends the event to the user's signed-in connections on every node.
     *
     * @throws RealtimeException {@code invalid_user}, {@code invalid_event}, {@code invalid_payload}
     *     or {@code payload_too_large}
     */
    public Message send(String userId, String event, Object data) {
        requireUser(userId);
        names.requireEvent(event);
        String json = payloads.encode(data);
        Message message = message(userId, event, json);
        Runnable send = () -> {
            fanOut.deliver(message);
            cluster.userEvent(userId, event, json);
        };
        if (!transaction.afterCommit(send)) {
            send.run();
        }
        return message;
    }

    /**
     * Closes the user's connections on every node (Pusher close {@value #TERMINATED}).
     *
     * @return how many were closed on this node (0 inside a transaction: they close at its commit)
     * @throws RealtimeException {@code invalid_user}
     */
    public int terminateEverywhere(String userId) {
        requireUser(userId);
        int[] closed = {0};
        Runnable terminate = () -> {
            closed[0] = terminateHere(userId);
            cluster.terminate(userId);
        };
        if (!transaction.afterCommit(terminate)) {
            terminate.run();
        }
        return closed[0];
    }

    @Override
    public void deliver(String userId, String event, String data) {
        fanOut.deliver(message(userId, event, data));
    }

    @Override
    public void terminate(String userId) {
        terminateHere(userId);
    }

    private int terminateHere(String userId) {
        int n = 0;
        for (Connection c : connections.userConnections(userId)) {
            c.disconnect(Disconnect.TERMINATED, "Terminated by the application");
            n++;
        }
        return n;
    }

    private Message message(String userId, String event, String data) {
        return new Message(
                ids.next(), ChannelNames.userChannel(userId), event, data, System.currentTimeMillis(), nodeId, null);
    }

    /** A Pusher user id: 1 to {@value #USER_ID_LIMIT} characters of the channel-name charset. */
    public static String requireUser(String userId) {
        if (userId == null || userId.isEmpty() || userId.length() > USER_ID_LIMIT) {
            throw new RealtimeException("invalid_user", "A user id has 1 to " + USER_ID_LIMIT + " characters");
        }
        for (int i = 0; i < userId.length(); i++) {
            if (!ChannelNames.channelChar(userId.charAt(i))) {
                throw new RealtimeException(
                        "invalid_user", "A user id has only the characters A-Z a-z 0-9 _ - = @ , . ;");
            }
        }
        return userId;
    }
}
