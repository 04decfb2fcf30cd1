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
import dev.realtime.broker.GuardedPublisher;
import dev.realtime.channel.Channel;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.FanOut;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.SocketIds;
import dev.realtime.history.MessageHistory;
import dev.realtime.history.RingMessageHistory;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.message.PayloadEncoder;
import dev.realtime.presence.LocalPresenceRegistry;
import dev.realtime.presence.PresenceRegistry;
import dev.realtime.transport.memory.InMemoryTransport;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * This node's parts, wired once: settings, channel names, channels, connections, presence,
 * history, fan-out, outbound limits, signatures, the broker and the consumer's activity. The
 * transports and the consumer job inject it; applications use {@link dev.realtime.RealtimeManager},
 * which delegates here. Not for applications: its methods change with the transports' needs.
 *
 * <p>One instance per application: in the EAR the EJB module, the batch module and the WAR share
 * this {@code @ApplicationScoped} bean, so every transport registers in the same connection
 * registry and the consumer job delivers to the same channels.
 *
 * <p>Threading: every method is thread-safe and non-blocking. Local delivery encodes the message
 * once per wire format and hands it to each connection's bounded outbound queue; publishing hands
 * it to the broker without waiting. Invalid input raises a {@link RealtimeException} with a
 * stable code; nothing is dropped silently.
 *
 * <p>Transactions: a broadcast made in the calling thread's active JTA transaction is validated at
 * once, but delivered and published after that transaction commits, and never if it rolls back
 * (with {@link Broker#publishesInCallerTransaction()}, published at once inside it instead).
 */
@ApplicationScoped
public class RealtimeNode {
    private static final Logger LOG = Logger.getLogger(RealtimeNode.class.getName());

    private RealtimeSettings settings;
    private ChannelNames names;
    private PayloadEncoder payloads;
    private ChannelRegistry channels;
    private ConnectionRegistry connections;
    private MessageHistory history;
    private FanOut fanOut;
    private OutboundLimits outbound;
    private PresenceRegistry presence;
    private PusherSignatures signatures;
    private Broker broker;
    private CallerTransaction transaction;
    private MessageFactory messages;
    private SocketIds socketIds;
    private InMemoryTransport memory;
    private GuardedPublisher publisher;
    private ConsumerSide consumerSide;

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
        this(settings, Brokers.create(settings.broker(), settings, threads));
    }

    public RealtimeNode(RealtimeSettings settings, Broker broker) {
        this(settings, broker, CallerTransaction.container());
    }

    /** @param transaction the callers' JTA transactions, which broadcasts wait for (a stand-in in tests) */
    public RealtimeNode(RealtimeSettings settings, Broker broker, CallerTransaction transaction) {
        this.settings = settings;
        this.transaction = transaction;
        this.names = new ChannelNames(settings);
        this.payloads = new PayloadEncoder(settings.payloadLimit());
        this.channels = new ChannelRegistry();
        this.history = new RingMessageHistory(settings.historySize());
        this.fanOut = new FanOut(channels);
        this.outbound = new OutboundLimits(
                settings.outboundQueueLimit(),
                settings.outboundPolicy(),
                settings.outboundBytes(),
                settings.nodeOutboundBytes());
        MessageIds messageIds = new MessageIds();
        this.messages = new MessageFactory(names, payloads, messageIds, settings.nodeId());
        this.presence = new LocalPresenceRegistry();
        this.signatures = new PusherSignatures(settings.appKey(), settings.appSecret());
        this.connections = new ConnectionRegistry(
                channels,
                names,
                settings.channelsPerConnection(),
                presence,
                new PresenceEvents(fanOut::deliver, messageIds, settings.nodeId()));
        this.broker = broker;
        this.publisher = new GuardedPublisher(broker);
        this.consumerSide = new ConsumerSide(settings, broker, new ConsumerActivity());
        this.socketIds = new SocketIds();
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
        return send(messages.create(channel, event, data, exceptSocketId, null));
    }

    /**
     * A client event ({@code client-…}) sent by the connection {@code senderSocketId}: broadcast to
     * everyone else, carrying the sender's presence member id ({@code userId}, may be null) as
     * Pusher does on presence channels.
     */
    public Message clientEvent(String channel, String event, Object data, String senderSocketId, String userId) {
        return send(messages.create(channel, event, data, senderSocketId, userId));
    }

    /** {@link dev.realtime.RealtimeManager#broadcast(Collection, String, Object, String)}. */
    public List<Message> broadcast(Collection<String> channels, String event, Object data, String exceptSocketId) {
        List<Message> sent = messages.create(channels, event, data, exceptSocketId);
        sent.forEach(this::send);
        return sent;
    }

    /** Delivers to this node's subscribers only; never publishes. */
    public Message broadcastLocal(String channel, String event, Object data) {
        Message message = messages.create(channel, event, data, null, null);
        deliverLocally(message);
        return message;
    }

    /** Delivers a message received from another node to this node's subscribers; never publishes. */
    public void broadcastLocal(Message message) {
        deliverLocally(message);
    }

    /** A view of one channel on this node. */
    public Channel channel(String name) {
        names.requireChannel(name);
        return new Channel(name, names.typeOf(name), channels);
    }

    /** Names of the channels with at least one subscriber on this node. */
    public Set<String> occupiedChannels() {
        return channels.occupied();
    }

    /** Connections open on this node, over every transport. */
    public int getConnectionCount() {
        return connections.connectionCount();
    }

    /** The user's connections on this node (a snapshot). */
    public Collection<Connection> getUserConnections(String userId) {
        return connections.userConnections(userId);
    }

    /** The configured broker ({@code none} on a single node). */
    public Broker broker() {
        return broker;
    }

    /**
     * The broker with that name, if it is the configured one.
     *
     * @throws RealtimeException {@code unknown_broker} otherwise
     */
    public Broker broker(String name) {
        return Brokers.require(broker, name);
    }

    /** The in-memory transport: clients inside this JVM, for tests and headless code. */
    public InMemoryTransport memory() {
        return memory;
    }

    public RealtimeSettings settings() {
        return settings;
    }

    public ChannelNames names() {
        return names;
    }

    public MessageHistory history() {
        return history;
    }

    /**
     * {@code data} as JSON text, exactly as {@code broadcast} would send it (same rules, same limit).
     *
     * @throws RealtimeException {@code invalid_payload} or {@code payload_too_large}
     */
    public String toJson(Object data) {
        return payloads.encode(data);
    }

    /** Presence membership of this node's channels. */
    public PresenceRegistry presence() {
        return presence;
    }

    /** Signs and checks the Pusher protocol's auth strings with this app's key and secret. */
    public PusherSignatures signatures() {
        return signatures;
    }

    /** A fresh, unique Pusher socket id for a new connection. */
    public String nextSocketId() {
        return socketIds.next();
    }

    /** Adds a transport's connection; close the registration when the connection ends. */
    public Registration register(Connection connection) {
        return connections.register(connection);
    }

    /** The broker's state and counters: connected, published, consumed, failed, dropped, lag. */
    public BrokerStats brokerStats() {
        return broker.stats();
    }

    /** What this node's broker consumer (the consumer job) is doing; it reports here. */
    public ConsumerActivity consumerActivity() {
        return consumerSide.activity();
    }

    /** This node's consume side, for the consumer job's artifacts (one per node, like this bean). */
    @Produces
    public ConsumerSide consumerSide() {
        return consumerSide;
    }

    /** Hand-offs the broker refused by throwing (they were still delivered locally). */
    public long publishFailureCount() {
        return publisher.failureCount();
    }

    /** Messages delivered to this node's connections, one per recipient. */
    public long deliveredCount() {
        return fanOut.deliveredCount();
    }

    /** Every transport's per-connection outbound limit and policy, and the count of dropped deliveries. */
    public OutboundLimits outbound() {
        return outbound;
    }

    /** Creates the node when the application starts, so a bad configuration fails the deployment. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Realtime node ready: " + settings.nodeId());
    }

    @PreDestroy
    void shutdown() {
        broker.close();
    }

    /**
     * Delivers locally and publishes: at once outside a JTA transaction, after the commit inside
     * one (nothing on rollback). A broker that publishes in the caller's transaction gets the
     * message at once; only the local delivery waits.
     */
    private Message send(Message message) {
        if (broker.publishesInCallerTransaction()) {
            if (!transaction.afterCommit(() -> deliverLocally(message))) {
                deliverLocally(message);
            }
            publisher.publish(message);
        } else if (!transaction.afterCommit(() -> deliverAndPublish(message))) {
            deliverAndPublish(message);
        }
        return message;
    }

    private void deliverAndPublish(Message message) {
        deliverLocally(message);
        publisher.publish(message);
    }

    private void deliverLocally(Message message) {
        history.append(message);
        fanOut.deliver(message);
    }
}
