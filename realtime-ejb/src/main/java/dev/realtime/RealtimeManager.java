package dev.realtime;

import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerStats;
import dev.realtime.channel.Channel;
import dev.realtime.connection.Connection;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.presence.PresenceMember;
import dev.realtime.transport.memory.InMemoryTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The module's public API. Inject it anywhere (EJB, JAX-RS resource, timer, batch step) and call
 * {@link #broadcast}: the event goes to this node's subscribers on every transport and to the
 * broker, from which every other node's consumer delivers it with {@link #broadcastLocal}.
 *
 * <p>Threading: every method is thread-safe and non-blocking. Local delivery encodes the message
 * once per wire format and hands it to each connection's bounded outbound queue; publishing hands
 * it to the broker without waiting. Invalid input raises a {@link RealtimeException} with a
 * stable code; nothing is dropped silently.
 *
 * <p>A facade over this node's {@link RealtimeNode}, which the transports and the consumer job use.
 */
@ApplicationScoped
public class RealtimeManager {
    private RealtimeNode node;

    /** For CDI's client proxy only. */
    protected RealtimeManager() {}

    /** The manager of {@code node}; outside CDI, {@code new RealtimeManager(new RealtimeNode(settings))}. */
    @Inject
    public RealtimeManager(RealtimeNode node) {
        this.node = node;
    }

    /**
     * Delivers the event to this node's subscribers and publishes it to the broker. In the calling
     * thread's active JTA transaction both wait until it commits, and never happen if it rolls
     * back; the arguments are checked at once either way.
     *
     * @param data the payload: a {@code String} (sent as a JSON string), a
     *     {@link dev.realtime.message.RawJson} (sent verbatim), a JSON-P value, or any object
     *     JSON-B can serialize
     * @return the message as sent, with its id
     * @throws RealtimeException for an invalid channel or event name or a payload over the limit
     */
    public Message broadcast(String channel, String event, Object data) {
        return node.broadcast(channel, event, data);
    }

    /**
     * Like {@link #broadcast(String, String, Object)}, but the connection with {@code exceptSocketId}
     * (on any node) does not receive it: Pusher's "to others".
     */
    public Message broadcast(String channel, String event, Object data, String exceptSocketId) {
        return node.broadcast(channel, event, data, exceptSocketId);
    }

    /**
     * One event to several channels (the Pusher API's {@code channels}), validated whole before
     * anything is sent and with the payload encoded once.
     *
     * @return one message per channel, in order
     */
    public List<Message> broadcast(Collection<String> channels, String event, Object data, String exceptSocketId) {
        return node.broadcast(channels, event, data, exceptSocketId);
    }

    /** Delivers to this node's subscribers only; never publishes. */
    public Message broadcastLocal(String channel, String event, Object data) {
        return node.broadcastLocal(channel, event, data);
    }

    /** Delivers a message received from another node to this node's subscribers; never publishes. */
    public void broadcastLocal(Message message) {
        node.broadcastLocal(message);
    }

    /**
     * The channel's kept messages after {@code since}, with their positions (offset and epoch, the
     * same on every node with a shared store). For channels in {@code realtime.history.channels}
     * and cache channels. May wait one round trip to the history store.
     *
     * @param since the position the caller has seen, or {@code null} for the oldest kept
     * @param limit most messages returned, 1 to 1000
     * @return the messages, the channel's current position, and whether nothing between {@code
     *     since} and them is missing ({@code complete} is false when {@code since} is older than
     *     what is kept or of another epoch)
     * @throws RealtimeException {@code invalid_channel}, {@code no_history}, {@code invalid_limit}
     *     or {@code history_unavailable}
     */
    public HistoryPage history(String channel, HistoryPosition since, int limit) {
        return node.history(channel, since, limit);
    }

    /** A view of one channel on this node. */
    public Channel channel(String name) {
        return node.channel(name);
    }

    /** Names of the channels with at least one subscriber on this node. */
    public Set<String> occupiedChannels() {
        return node.occupiedChannels();
    }

    /** Connections open on this node, over every transport. */
    public int getConnectionCount() {
        return node.getConnectionCount();
    }

    /** The user's connections on this node (a snapshot). */
    public Collection<Connection> getUserConnections(String userId) {
        return node.getUserConnections(userId);
    }

    /**
     * Sends an event to every connection signed in as the user ({@code pusher:signin}), on every
     * node: pusher-js receives it on {@code #server-to-user-<id>} ({@code pusher.user.bind}).
     * Inside a JTA transaction, after its commit, like {@link #broadcast(String, String, Object)}.
     *
     * @throws RealtimeException {@code invalid_user} (1 to 200 characters of the channel-name
     *     charset), an invalid event name or payload
     */
    public Message sendToUser(String userId, String event, Object data) {
        return node.users().send(userId, event, data);
    }

    /**
     * Closes every connection of the user on every node (Pusher close 4009: the client does not
     * reconnect by itself); inside a JTA transaction, after its commit.
     *
     * @return how many were closed on this node (0 inside a transaction)
     */
    public int terminateUserConnections(String userId) {
        return node.users().terminateEverywhere(userId);
    }

    /**
     * Connections open on every node of the cluster: this node's now, the others' as of their last
     * heartbeat ({@code realtime.cluster.heartbeat-ms}). With broker {@code none}, this node's.
     */
    public int getClusterConnectionCount() {
        return node.cluster().connectionCount();
    }

    /** Names of the channels with at least one subscriber on any node of the cluster, sorted. */
    public Set<String> clusterOccupiedChannels() {
        return node.cluster().occupiedChannels();
    }

    /** Subscribers of the channel on every node of the cluster. */
    public int getClusterSubscriberCount(String channel) {
        return node.cluster().subscriptionCount(node.names().requireChannel(channel));
    }

    /**
     * The members of a presence channel in the whole cluster, one per user, in the order they
     * joined (what {@code subscription_succeeded} lists).
     */
    public List<PresenceMember> presenceMembers(String channel) {
        return node.presence().members(node.names().requireChannel(channel));
    }

    /** The ids of the nodes this node hears from, itself included. */
    public Set<String> clusterNodes() {
        return node.cluster().nodes();
    }

    /** The in-memory transport: clients inside this JVM, for tests and headless code. */
    public InMemoryTransport memory() {
        return node.memory();
    }

    /** The configured broker ({@code none} on a single node). */
    public Broker broker() {
        return node.broker();
    }

    /**
     * The broker with that name, if it is the configured one.
     *
     * @throws RealtimeException {@code unknown_broker} otherwise
     */
    public Broker broker(String name) {
        return node.broker(name);
    }

    /** The broker's state and counters: connected, published, consumed, failed, dropped, lag. */
    public BrokerStats brokerStats() {
        return node.brokerStats();
    }
}
