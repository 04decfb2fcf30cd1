package dev.realtime.cluster;

import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.config.ClusterSettings;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.presence.Presence;
import dev.realtime.webhook.WebhookEvents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's side of the cluster's shared state, carried by the configured broker on {@link
 * ChannelNames#CLUSTER_CHANNEL}; no other server is involved. Out ({@link ClusterOutbox}): this
 * node's presence joins and leaves at once, its changed subscription counts and its heartbeat every
 * {@value #FLUSH_MILLIS} ms tick, a snapshot when another node asks, users' messages and
 * terminations. In ({@link #receive}, from
 * the consumer job): the other nodes' messages, kept per node ({@link NodeReplica}) and applied to
 * {@link Presence}; a gap in a node's sequence numbers or a new node asks it for a snapshot. A node
 * not heard from for {@code realtime.cluster.node-ttl-ms} is evicted: its members leave. Eviction
 * needs proof that messages still flow, namely this node's own heartbeat coming back through the
 * broker sent more than the TTL after that node was last heard: a stalled broker or consumer job
 * evicts nobody. Answers come from this replicated state, never from asking other nodes.
 *
 * <p>Thread-safe: received state is guarded by this object (then, when it sends, by the outbox);
 * presence changes run in {@link Presence}'s channel lanes.
 */
public final class Cluster implements AutoCloseable {
    static final long FLUSH_MILLIS = 250;
    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());

    /** What this node does with a user's messages and terminations (its own and the other nodes'). */
    public interface Users {
        void deliver(String userId, String event, String data);

        void terminate(String userId);
    }

    private final String nodeId;
    private final ClusterSettings settings;
    private final Presence presence;
    private final ChannelRegistry channels;
    private final IntSupplier localConnections;
    private final Users users;
    private final ClusterOutbox outbox;
    private final Occupancy occupancy;
    private long lastEchoSentNanos = Long.MIN_VALUE; // guarded by this
    private final Map<String, NodeReplica> replicas = new java.util.HashMap<>(); // guarded by this
    private long ignored; // guarded by this
    private final ScheduledExecutorService ticker;
    /** The monotonic clock ({@code System.nanoTime}); tests set their own before anything runs. */
    LongSupplier clock = System::nanoTime;

    /**
     * @param publish hands a message to the broker (never blocks)
     * @param partBytes the most bytes of state one message carries (below the payload limit)
     * @param threads makes the ticker thread; {@code null} for none (tests call {@link #tick})
     * @param replicating false on a single node (broker {@code none}): nothing is sent or kept,
     *     and every answer is this node's
     * @param webhooks told when a channel becomes occupied or vacated in the cluster ({@link
     *     Occupancy})
     */
    public Cluster(
            String nodeId,
            ClusterSettings settings,
            Presence presence,
            ChannelRegistry channels,
            IntSupplier localConnections,
            Consumer<Message> publish,
            MessageIds ids,
            Users users,
            int partBytes,
            ThreadFactory threads,
            boolean replicating,
            WebhookEvents webhooks) {
        this.nodeId = nodeId;
        this.settings = settings;
        this.presence = presence;
        this.channels = channels;
        this.localConnections = localConnections;
        this.users = users;
        this.outbox = new ClusterOutbox(
                nodeId, settings.heartbeat().toNanos(), presence, channels, localConnections, publish, ids, partBytes);
        this.occupancy = new Occupancy(this, channels, webhooks);
        channels.onChange(occupancy);
        if (!replicating) {
            ticker = null;
            return;
        }
        outbox.start();
        if (threads != null) {
            ticker = Executors.newSingleThreadScheduledExecutor(threads);
            ticker.scheduleWithFixedDelay(this::safeTick, 0, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /** A message for the user's signed-in connections on every other node ({@code data} is JSON). */
    public void userEvent(String userId, String event, String data) {
        outbox.userEvent(userId, event, data);
    }

    /** Closes the user's connections on every other node. */
    public void terminate(String userId) {
        outbox.terminate(userId);
    }

    /** Sends what is due ({@link ClusterOutbox#tick}); evicts silent nodes. */
    public void tick() {
        outbox.tick(clock.getAsLong());
        evictSilentNodes();
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cluster state: a tick failed", e);
        }
    }

    // ---- in

    /** A message on the cluster channel, from the consumer job (this node's own included). */
    public void receive(Message message) {
        try {
            ControlMessage.of(message).applyTo(this);
        } catch (RuntimeException e) {
            synchronized (this) {
                ignored++;
            }
            LOG.log(Level.FINE, "Cluster state: ignoring a malformed message from " + message.originNodeId(), e);
        }
    }

    synchronized void ownHeartbeat(String messageBoot, long sentNanos) {
        if (outbox.boot().equals(messageBoot)) {
            lastEchoSentNanos = Math.max(lastEchoSentNanos, sentNanos);
        }
    }

    boolean isSelf(String node) {
        return nodeId.equals(node);
    }

    /** The replica of {@code node}, current for {@code messageBoot} and {@code seq}; null to ignore it. */
    synchronized NodeReplica accept(
            String node, String messageBoot, long messageSeq, long timestamp, boolean snapshotStart) {
        long now = clock.getAsLong();
        if (System.currentTimeMillis() - timestamp > settings.nodeTtl().toMillis()) {
            ignored++;
            return null; // from before the TTL (a replay): that node's state then says nothing now
        }
        NodeReplica replica = replicas.get(node);
        if (replica != null && !replica.boot.equals(messageBoot)) {
            forget(replica, "restarted");
            replica = null;
        }
        if (replica == null) {
            if (replicas.size() >= settings.maxNodes()) {
                ignored++;
                return null;
            }
            replica = new NodeReplica(node, messageBoot, messageSeq, now);
            replicas.put(node, replica);
            if (!snapshotStart) {
                requestSnapshot(replica, now);
            }
        }
        if (messageSeq < replica.nextSeq) {
            return null; // seen already (an at-least-once broker's redelivery)
        }
        if (messageSeq > replica.nextSeq) {
            replica.assembly = null;
            requestSnapshot(replica, now);
        }
        replica.nextSeq = messageSeq + 1;
        replica.lastHeardNanos = now;
        return replica;
    }

    private void requestSnapshot(NodeReplica replica, long now) {
        if (now - replica.lastSyncRequestNanos >= settings.heartbeat().toNanos() || replica.lastSyncRequestNanos == 0) {
            replica.lastSyncRequestNanos = now;
            outbox.sync(replica.node);
        }
    }

    void snapshotRequested(String target) {
        if (target.equals("*") || target.equals(nodeId)) {
            outbox.snapshotWanted();
        }
    }

    synchronized void snapshotComplete(NodeReplica replica, NodeReplica.Assembly assembly) {
        replica.connections = assembly.connections;
        replica.counts.clear();
        replica.counts.putAll(assembly.counts);
        presence.replaceNode(replica.node, assembly.presence);
    }

    Presence presence() {
        return presence;
    }

    Users users() {
        return users;
    }

    private synchronized void evictSilentNodes() {
        long ttl = settings.nodeTtl().toNanos();
        for (NodeReplica replica : List.copyOf(replicas.values())) {
            if (lastEchoSentNanos != Long.MIN_VALUE && lastEchoSentNanos - replica.lastHeardNanos > ttl) {
                forget(replica, "silent for more than " + settings.nodeTtl().toMillis() + " ms");
            }
        }
    }

    private void forget(NodeReplica replica, String why) {
        replicas.remove(replica.node);
        presence.forgetNode(replica.node);
        occupancy.nodeGone(replica.counts.keySet());
        LOG.info(() -> "Cluster state: node " + replica.node + " " + why + "; its members left");
    }

    // ---- queries

    /** Subscribers of the channel on the other nodes, as they last told. */
    synchronized int remoteCount(String channel) {
        int n = 0;
        for (NodeReplica r : replicas.values()) {
            n += r.counts.getOrDefault(channel, 0);
        }
        return n;
    }

    /** Whether this node speaks for a vanished node: the lowest id among those still heard from. */
    public synchronized boolean responsibleForGone() {
        return nodes().iterator().next().equals(nodeId);
    }

    /** Subscribers of the channel on every node. */
    public synchronized int subscriptionCount(String channel) {
        return channels.subscriberCount(channel) + remoteCount(channel);
    }

    /** Channels with a subscriber on any node (the nodes' own channels excluded). */
    public synchronized Set<String> occupiedChannels() {
        Set<String> occupied = new java.util.TreeSet<>();
        for (String channel : channels.occupied()) {
            if (!ChannelNames.isInternal(channel)) {
                occupied.add(channel);
            }
        }
        replicas.values().forEach(r -> occupied.addAll(r.counts.keySet()));
        return occupied;
    }

    /** Connections on every node (the others' as of their last heartbeat). */
    public synchronized int connectionCount() {
        int n = localConnections.getAsInt();
        for (NodeReplica r : replicas.values()) {
            n += r.connections;
        }
        return n;
    }

    /** This node and the other nodes it currently hears from. */
    public synchronized Set<String> nodes() {
        Set<String> nodes = new java.util.TreeSet<>(replicas.keySet());
        nodes.add(nodeId);
        return nodes;
    }

    /**
     * {@code {"nodes":[…],"connections":n,"ignored":n}}: the nodes heard from (this one included),
     * the cluster's connections, the cluster messages ignored.
     */
    public synchronized String healthJson() {
        StringBuilder out = new StringBuilder("{\"nodes\":[");
        for (String node : nodes()) {
            (out.charAt(out.length() - 1) == '[' ? out : out.append(',')).append(dev.realtime.message.Json.quote(node));
        }
        return out.append("],\"connections\":")
                .append(connectionCount())
                .append(",\"ignored\":")
                .append(ignored)
                .append('}')
                .toString();
    }

    /** Cluster messages ignored: malformed, from before the TTL, or from more than the allowed nodes. */
    public synchronized long ignoredCount() {
        return ignored;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
