package dev.realtime.cluster;

import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.presence.Presence;
import dev.realtime.presence.PresenceMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What this node tells the others on {@link ChannelNames#CLUSTER_CHANNEL}: presence joins and
 * leaves at once ({@link Presence.Replication}), changed subscription counts and the heartbeat on
 * each {@link #tick}, a snapshot of everything when asked, users' messages and terminations. Every
 * message carries this run's {@link #boot} and the next sequence number; sending is serialized, so
 * the numbers follow the publishing order and the parts of a snapshot are consecutive.
 * Thread-safe.
 */
final class ClusterOutbox implements Presence.Replication {
    private final String nodeId;
    private final String boot = UUID.randomUUID().toString();
    private final long heartbeatNanos;
    private final Presence presence;
    private final ChannelRegistry channels;
    private final IntSupplier localConnections;
    private final Consumer<Message> publish;
    private final MessageIds ids;
    private final int partBytes;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private long seq; // guarded by this
    private volatile boolean snapshotWanted;
    private long nextHeartbeatNanos; // the ticker's only

    ClusterOutbox(
            String nodeId,
            long heartbeatNanos,
            Presence presence,
            ChannelRegistry channels,
            IntSupplier localConnections,
            Consumer<Message> publish,
            MessageIds ids,
            int partBytes) {
        this.nodeId = nodeId;
        this.heartbeatNanos = heartbeatNanos;
        this.presence = presence;
        this.channels = channels;
        this.localConnections = localConnections;
        this.publish = publish;
        this.ids = ids;
        this.partBytes = partBytes;
    }

    /** Starts telling: presence joins and leaves, changed counts, and asks everybody for a snapshot. */
    void start() {
        presence.replicateTo(this);
        channels.onChange((channel, subscribers, added) -> {
            if (!ChannelNames.isInternal(channel)) {
                dirty.add(channel);
            }
        });
        sync("*"); // a new node: everybody, tell me
    }

    String boot() {
        return boot;
    }

    @Override
    public void joined(String channel, PresenceMember member) {
        send(ControlCodec.JOIN, ControlCodec.field("channel", channel) + ",\"member\":" + member.toJson());
    }

    @Override
    public void left(String channel, String userId) {
        send(ControlCodec.LEAVE, ControlCodec.field("channel", channel) + "," + ControlCodec.field("user", userId));
    }

    void userEvent(String userId, String event, String data) {
        send(
                ControlCodec.USER_EVENT,
                ControlCodec.field("user", userId) + "," + ControlCodec.field("event", event) + ",\"data\":" + data);
    }

    void terminate(String userId) {
        send(ControlCodec.TERMINATE, ControlCodec.field("user", userId));
    }

    /** Asks node {@code target} ({@code *}: every node) for a snapshot. */
    void sync(String target) {
        send(ControlCodec.SYNC, ControlCodec.field("node", target));
    }

    /** Another node asked for a snapshot: the next tick sends one (several asks, one snapshot). */
    void snapshotWanted() {
        snapshotWanted = true;
    }

    /** Sends the changed counts, a wanted snapshot, and the heartbeat when it is due. */
    void tick(long now) {
        flushCounts();
        if (snapshotWanted) {
            snapshotWanted = false;
            sendSnapshot();
        }
        if (now - nextHeartbeatNanos >= 0) {
            nextHeartbeatNanos = now + heartbeatNanos;
            send(ControlCodec.HEARTBEAT, "\"connections\":" + localConnections.getAsInt() + ",\"sent\":" + now);
        }
    }

    private synchronized void send(String op, String body) {
        String data = ControlCodec.data(boot, seq++, body);
        publish.accept(new Message(
                ids.next(), ChannelNames.CLUSTER_CHANNEL, op, data, System.currentTimeMillis(), nodeId, null));
    }

    private void flushCounts() {
        if (dirty.isEmpty()) {
            return;
        }
        List<ControlCodec.Fragment> fragments = new ArrayList<>();
        for (String channel : List.copyOf(dirty)) {
            dirty.remove(channel);
            fragments.add(new ControlCodec.Fragment(channel, channels.subscriberCount(channel), null));
        }
        synchronized (this) {
            for (String part : ControlCodec.parts(fragments, partBytes)) {
                send(ControlCodec.COUNTS, part);
            }
        }
    }

    private void sendSnapshot() {
        List<ControlCodec.Fragment> fragments = new ArrayList<>();
        for (String channel : channels.occupied()) {
            if (!ChannelNames.isInternal(channel)) {
                fragments.add(new ControlCodec.Fragment(channel, channels.subscriberCount(channel), null));
            }
        }
        presence.localMembers()
                .forEach((channel, members) ->
                        members.forEach(m -> fragments.add(new ControlCodec.Fragment(channel, null, m))));
        List<String> parts = ControlCodec.parts(fragments, partBytes);
        int connections = localConnections.getAsInt();
        synchronized (this) { // consecutive sequence numbers: nothing comes between the parts
            for (int i = 0; i < parts.size(); i++) {
                send(
                        ControlCodec.SNAPSHOT,
                        "\"part\":" + i + ",\"parts\":" + parts.size() + ",\"connections\":" + connections + ","
                                + parts.get(i));
            }
        }
    }
}
