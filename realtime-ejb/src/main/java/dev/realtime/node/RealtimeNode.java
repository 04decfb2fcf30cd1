package dev.realtime.node;

import dev.realtime.RealtimeException;
import dev.realtime.RealtimeThreads;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.Brokers;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.broker.DaemonThreads;
import dev.realtime.channel.Channel;
import dev.realtime.channel.ChannelNames;
import dev.realtime.cluster.Cluster;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Disconnects;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.history.MessageHistory;
import dev.realtime.message.Message;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.ops.Drain;
import dev.realtime.presence.Presence;
import dev.realtime.transport.memory.InMemoryTransport;
import dev.realtime.webhook.Webhooks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * This node's face to the rest of the module: its parts ({@link NodeParts}: settings, channel
 * names, channels, connections, presence, the cluster's state, users, history, fan-out, outbound
 * limits, signatures, the broker and the consumer's activity), wired once. The
 * transports and the consumer job inject it; applications use {@link dev.realtime.RealtimeManager},
 * which delegates here. Not for applications: its methods change with the transports' needs.
 *
 * <p>One instance per application: in the EAR the EJB module, the batch module and the WAR share
 * this {@code @ApplicationScoped} bean, so every transport registers in the same connection
 * registry and the consumer job delivers to the same channels.
 *
 * <p>Threading and errors as {@link dev.realtime.RealtimeManager} describes them ({@link
 * RealtimeException} with a stable code). Transactions: a broadcast made in the calling thread's
 * active JTA transaction is validated at once, but delivered and published after that transaction
 * commits, and never if it rolls back (with {@link Broker#publishesInCallerTransaction()},
 * published at once inside it instead).
 */
@ApplicationScoped
public class RealtimeNode {
    private static final Logger LOG = Logger.getLogger(RealtimeNode.class.getName());

    private final LongAdder clientEvents = new LongAdder();
    private NodeParts parts;
    private InMemoryTransport memory;

    /** For CDI's client proxy only. */
    protected RealtimeNode() {}

    /** The container's node: configuration from MicroProfile Config, threads from the server. */
    @Inject
    public RealtimeNode(Config config, @RealtimeThreads ThreadFactory threads) {
        this(RealtimeSettings.from(config), threads);
    }

    /** A node with the configured broker, for code that runs without CDI (daemon threads). */
    public RealtimeNode(RealtimeSettings settings) {
        this(settings, DaemonThreads.INSTANCE);
    }

    private RealtimeNode(RealtimeSettings settings, ThreadFactory threads) {
        this(settings, Brokers.create(settings.broker(), settings, threads), threads, CallerTransaction.container());
    }

    /** A node over {@code broker}, with daemon threads (tests, benchmarks). */
    public RealtimeNode(RealtimeSettings settings, Broker broker) {
        this(settings, broker, DaemonThreads.INSTANCE, CallerTransaction.container());
    }

    /** @param transaction the callers' JTA transactions, which broadcasts wait for (a stand-in in tests) */
    public RealtimeNode(RealtimeSettings settings, Broker broker, CallerTransaction transaction) {
        this(settings, broker, DaemonThreads.INSTANCE, transaction);
    }

    private RealtimeNode(
            RealtimeSettings settings, Broker broker, ThreadFactory threads, CallerTransaction transaction) {
        this.parts = new NodeParts(settings, broker, threads, transaction);
        this.memory = new InMemoryTransport(this);
        LOG.info(() -> "Realtime node " + settings.nodeId() + " started: app key " + settings.appKey() + ", broker "
                + broker.name() + ", transports " + settings.transports());
    }

    /** {@link dev.realtime.RealtimeManager#broadcast(String, String, Object)}. */
    public Message broadcast(String channel, String event, Object data) {
        return broadcast(channel, event, data, null);
    }

    /** {@link dev.realtime.RealtimeManager#broadcast(String, String, Object, String)}. */
    public Message broadcast(String channel, String event, Object data, String exceptSocketId) {
        return parts.broadcasts.broadcast(channel, event, data, exceptSocketId, null);
    }

    /**
     * A client event ({@code client-…}) sent by the connection {@code senderSocketId}: broadcast to
     * everyone else, carrying the sender's presence member id ({@code userId}, may be null) as
     * Pusher does on presence channels.
     */
    public Message clientEvent(String channel, String event, Object data, String senderSocketId, String userId) {
        Message sent = parts.broadcasts.broadcast(channel, event, data, senderSocketId, userId);
        parts.webhooks.clientEvent(sent, senderSocketId);
        clientEvents.increment();
        return sent;
    }

    /** Client events accepted and broadcast ({@link #clientEvent}) since this node started. */
    public long clientEventCount() {
        return clientEvents.sum();
    }

    /** {@link dev.realtime.RealtimeManager#broadcast(Collection, String, Object, String)}. */
    public List<Message> broadcast(Collection<String> channels, String event, Object data, String exceptSocketId) {
        return parts.broadcasts.broadcast(channels, event, data, exceptSocketId);
    }

    /** Delivers to this node's subscribers only; never publishes. */
    public Message broadcastLocal(String channel, String event, Object data) {
        return parts.broadcasts.broadcastLocal(channel, event, data);
    }

    /**
     * Delivers a message received from another node to this node's subscribers; never publishes.
     * The nodes' own messages ({@link ChannelNames#CLUSTER_CHANNEL}) update the cluster's state.
     */
    public void broadcastLocal(Message message) {
        parts.broadcasts.broadcastLocal(message);
    }

    /** A view of one channel on this node. */
    public Channel channel(String name) {
        parts.names.requireChannel(name);
        return new Channel(name, parts.names.typeOf(name), parts.channels);
    }

    /** Names of the channels with at least one subscriber on this node. */
    public Set<String> occupiedChannels() {
        return parts.channels.occupied();
    }

    /** Connections on this node subscribed to {@code channel} (any name, unchecked); 0 when none. */
    public int subscriberCount(String channel) {
        return parts.channels.subscriberCount(channel);
    }

    /** Connections open on this node, over every transport. */
    public int getConnectionCount() {
        return parts.connections.connectionCount();
    }

    /** Per transport: {connections, channel subscriptions} on this node (walks every connection). */
    public Map<String, long[]> connectionsByTransport() {
        return parts.connections.countByTransport();
    }

    /** The user's connections on this node (a snapshot). */
    public Collection<Connection> getUserConnections(String userId) {
        return parts.connections.userConnections(userId);
    }

    /** The configured broker ({@code none} on a single node). */
    public Broker broker() {
        return parts.broker;
    }

    /**
     * The broker with that name, if it is the configured one.
     *
     * @throws RealtimeException {@code unknown_broker} otherwise
     */
    public Broker broker(String name) {
        return Brokers.require(parts.broker, name);
    }

    /** The in-memory transport: clients inside this JVM, for tests and headless code. */
    public InMemoryTransport memory() {
        return memory;
    }

    public RealtimeSettings settings() {
        return parts.settings;
    }

    public ChannelNames names() {
        return parts.names;
    }

    public MessageHistory history() {
        return parts.history;
    }

    /** {@link dev.realtime.RealtimeManager#history}. */
    public HistoryPage history(String channel, HistoryPosition since, int limit) {
        return parts.channelHistory.query(parts.names, channel, since, limit);
    }

    /** Channel history with positions: cache channels' last message, the store's counters. */
    public ChannelHistory channelHistory() {
        return parts.channelHistory;
    }

    /**
     * {@code data} as JSON text, exactly as {@code broadcast} would send it (same rules, same limit).
     *
     * @throws RealtimeException {@code invalid_payload} or {@code payload_too_large}
     */
    public String toJson(Object data) {
        return parts.payloads.encode(data);
    }

    /** Presence membership of the cluster's channels. */
    public Presence presence() {
        return parts.presence;
    }

    /** The cluster's state as this node knows it: counts, occupied channels, nodes. */
    public Cluster cluster() {
        return parts.cluster;
    }

    /** The Pusher webhooks this node sends (counters for the health endpoint). */
    public Webhooks webhooks() {
        return parts.webhooks;
    }

    /** Refused authentications and authorizations, by kind; the transports and the HTTP API count them. */
    public AuthRefusals authRefusals() {
        return parts.authRefusals;
    }

    /** Ended connections by transport and reason. */
    public Disconnects disconnects() {
        return parts.connections.disconnects();
    }

    /** Messages to a user's connections and their termination, on every node. */
    public UserMessages users() {
        return parts.users;
    }

    /** Signs and checks the Pusher protocol's auth strings with this app's key and secret. */
    public PusherSignatures signatures() {
        return parts.signatures;
    }

    /** A fresh, unique Pusher socket id for a new connection. */
    public String nextSocketId() {
        return parts.socketIds.next();
    }

    /** Adds a transport's connection; close the registration when the connection ends. */
    public Registration register(Connection connection) {
        return parts.connections.register(connection);
    }

    /** The broker's state and counters: connected, published, consumed, failed, dropped, lag. */
    public BrokerStats brokerStats() {
        return parts.broker.stats();
    }

    /** What this node's broker consumer (the consumer job) is doing; it reports here. */
    public ConsumerActivity consumerActivity() {
        return parts.consumerSide.activity();
    }

    /** This node's consume side, for the consumer job's artifacts (one per node, like this bean). */
    @Produces
    public ConsumerSide consumerSide() {
        return parts.consumerSide;
    }

    /** Hand-offs the broker refused by throwing (they were still delivered locally). */
    public long publishFailureCount() {
        return parts.publisher.failureCount();
    }

    /** Messages delivered to this node's connections, one per recipient. */
    public long deliveredCount() {
        return parts.fanOut.deliveredCount();
    }

    /** Every transport's per-connection outbound limit and policy, and the count of dropped deliveries. */
    public OutboundLimits outbound() {
        return parts.outbound;
    }

    /** Creates the node when the application starts, so a bad configuration fails the deployment. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Realtime node ready: " + parts.settings.nodeId());
    }

    /**
     * This node's graceful drain: the transports and the consumer job add their steps, the server's
     * suspend or the WAR's stop begins it, and {@link #shutdown()} finishes it.
     */
    public Drain drain() {
        return parts.drain;
    }

    /** Finishes the drain: what is left of telling clients to go, the consumer job, then the queues and the broker. */
    @PreDestroy
    void shutdown() {
        parts.drain.finish();
    }
}
