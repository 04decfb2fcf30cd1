package dev.realtime.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Who is on each presence channel in the cluster, and the one place that decides when a user
 * joined or left. This node's connections are exact ({@link LocalPresenceRegistry}); every other
 * node's members arrive as a replica ({@link #remoteJoined}, {@link #remoteLeft},
 * {@link #replaceNode}). A user counts once per node that has at least one of their connections;
 * the {@link Listener} hears {@code joined} when the first node gains the user (their first
 * connection anywhere) and {@code left} when the last node loses them (their last connection
 * anywhere, or the node that held it was evicted). This node's own first and last connections
 * go to the {@link Replication}, which tells the other nodes.
 *
 * <p>Ordering: every change of one channel, local or remote, runs as one task of that channel's
 * lane ({@link ChannelSequencer}), so member events, the member list a new subscriber is shown
 * and the replication of one channel leave in the order the membership changed. Thread-safe.
 */
public final class Presence {

    /** Why a member left the cluster: which node saw the departure happen. */
    public enum Departure {
        /** The user's last connection closed or unsubscribed on this node. */
        HERE,
        /** Another node told of it (its last connection there, or a snapshot that no longer has it). */
        ELSEWHERE,
        /** The node that held the user's connections is gone (evicted or restarted). */
        NODE_GONE
    }

    /** Hears the cluster-wide transitions; runs inside the channel's lane. */
    public interface Listener {
        /** The user's first connection anywhere joined; {@code exceptConnectionId} is that connection when local. */
        void joined(String channel, PresenceMember member, String exceptConnectionId);

        /** The user's last connection anywhere left (or the node holding it is gone). */
        void left(String channel, PresenceMember member, Departure why);
    }

    /** Hears this node's own transitions (a user's first or last connection here), to tell the cluster. */
    public interface Replication {
        Replication NONE = new Replication() {
            @Override
            public void joined(String channel, PresenceMember member) {}

            @Override
            public void left(String channel, String userId) {}
        };

        void joined(String channel, PresenceMember member);

        void left(String channel, String userId);
    }

    private static final class Holder {
        final PresenceMember member;
        int nodes;

        Holder(PresenceMember member) {
            this.member = member;
        }
    }

    private final LocalPresenceRegistry local = new LocalPresenceRegistry();
    private final ChannelSequencer lanes = new ChannelSequencer();
    private final Listener listener;
    private volatile Replication replication = Replication.NONE;
    /** channel → user → holder, in join order. Guarded by {@code this}. */
    private final Map<String, LinkedHashMap<String, Holder>> cluster = new HashMap<>();
    /** node → channel → user → member: the other nodes' members. Guarded by {@code this}. */
    private final Map<String, Map<String, Map<String, PresenceMember>>> remote = new HashMap<>();

    public Presence(Listener listener) {
        this.listener = listener;
    }

    /** Where this node's own joins and leaves are told (the cluster's replication); none by default. */
    public void replicateTo(Replication replication) {
        this.replication = replication;
    }

    /**
     * A local connection joins as {@code member}; then {@code onJoined} gets the cluster's member
     * list, in order with the channel's member events. Nothing happens when {@code open} is false
     * by the time the channel's turn comes (the connection closed first).
     */
    public void join(
            String channel,
            String connectionId,
            PresenceMember member,
            BooleanSupplier open,
            Consumer<List<PresenceMember>> onJoined) {
        lanes.run(channel, () -> {
            if (!open.getAsBoolean()) {
                return;
            }
            if (local.join(channel, connectionId, member)) {
                replication.joined(channel, member);
                if (hold(channel, member)) {
                    listener.joined(channel, member, connectionId);
                }
            }
            onJoined.accept(members(channel));
        });
    }

    /** A local connection leaves the channel (unsubscribed or closed). */
    public void leave(String channel, String connectionId) {
        lanes.run(channel, () -> local.leave(channel, connectionId).ifPresent(member -> {
            replication.left(channel, member.userId());
            release(channel, member.userId()).ifPresent(gone -> listener.left(channel, gone, Departure.HERE));
        }));
    }

    /** Node {@code node} gained {@code member} on the channel (its first connection there). */
    public void remoteJoined(String node, String channel, PresenceMember member) {
        lanes.run(channel, () -> addRemote(node, channel, member));
    }

    /** Node {@code node} lost the user on the channel (its last connection there). */
    public void remoteLeft(String node, String channel, String userId) {
        lanes.run(channel, () -> removeRemote(node, channel, userId, Departure.ELSEWHERE));
    }

    /**
     * Node {@code node}'s whole membership is now {@code channels} (a snapshot): whoever it no longer
     * holds leaves, whoever is new joins.
     */
    public void replaceNode(String node, Map<String, List<PresenceMember>> channels) {
        replaceNode(node, channels, Departure.ELSEWHERE);
    }

    /** Node {@code node} is gone (evicted, or restarted as a new run): its members leave. */
    public void forgetNode(String node) {
        replaceNode(node, Map.of(), Departure.NODE_GONE);
    }

    private void replaceNode(String node, Map<String, List<PresenceMember>> channels, Departure why) {
        Set<String> affected = new HashSet<>(channels.keySet());
        synchronized (this) {
            affected.addAll(remote.getOrDefault(node, Map.of()).keySet());
        }
        for (String channel : affected) {
            List<PresenceMember> now = channels.getOrDefault(channel, List.of());
            lanes.run(channel, () -> {
                Map<String, PresenceMember> wanted = new LinkedHashMap<>();
                now.forEach(m -> wanted.putIfAbsent(m.userId(), m));
                List<String> gone = new ArrayList<>();
                synchronized (this) {
                    remote.getOrDefault(node, Map.of()).getOrDefault(channel, Map.of()).keySet().stream()
                            .filter(user -> !wanted.containsKey(user))
                            .forEach(gone::add);
                }
                gone.forEach(user -> removeRemote(node, channel, user, why));
                wanted.values().forEach(m -> addRemote(node, channel, m));
            });
        }
    }

    /** This node's own members, channel by channel (what a snapshot for the other nodes carries). */
    public Map<String, List<PresenceMember>> localMembers() {
        return local.snapshot();
    }

    /** The member a local connection joined the channel as, or {@code null}. */
    public PresenceMember memberOf(String channel, String connectionId) {
        return local.memberOf(channel, connectionId);
    }

    /** The channel's members in the cluster, one per user, in the order they joined. */
    public synchronized List<PresenceMember> members(String channel) {
        LinkedHashMap<String, Holder> users = cluster.get(channel);
        if (users == null) {
            return List.of();
        }
        List<PresenceMember> members = new ArrayList<>(users.size());
        users.values().forEach(h -> members.add(h.member));
        return List.copyOf(members);
    }

    /** Members of every presence channel in the cluster: distinct users per channel, summed. */
    public synchronized long memberCount() {
        long members = 0;
        for (LinkedHashMap<String, Holder> users : cluster.values()) {
            members += users.size();
        }
        return members;
    }

    /** Distinct users on the channel in the cluster. */
    public synchronized int userCount(String channel) {
        LinkedHashMap<String, Holder> users = cluster.get(channel);
        return users == null ? 0 : users.size();
    }

    private void addRemote(String node, String channel, PresenceMember member) {
        boolean added;
        synchronized (this) {
            added = remote.computeIfAbsent(node, n -> new HashMap<>())
                            .computeIfAbsent(channel, c -> new HashMap<>())
                            .putIfAbsent(member.userId(), member)
                    == null;
        }
        if (added && hold(channel, member)) {
            listener.joined(channel, member, null);
        }
    }

    private void removeRemote(String node, String channel, String userId, Departure why) {
        PresenceMember removed = null;
        synchronized (this) {
            Map<String, Map<String, PresenceMember>> channels = remote.get(node);
            Map<String, PresenceMember> users = channels != null ? channels.get(channel) : null;
            if (users != null) {
                removed = users.remove(userId);
                if (users.isEmpty()) {
                    channels.remove(channel);
                    if (channels.isEmpty()) {
                        remote.remove(node);
                    }
                }
            }
        }
        if (removed != null) {
            release(channel, userId).ifPresent(gone -> listener.left(channel, gone, why));
        }
    }

    /** One more node holds the user; true when it is the first. */
    private synchronized boolean hold(String channel, PresenceMember member) {
        Holder holder = cluster.computeIfAbsent(channel, c -> new LinkedHashMap<>())
                .computeIfAbsent(member.userId(), u -> new Holder(member));
        return ++holder.nodes == 1;
    }

    /** One node fewer holds the user; the member when none is left. */
    private synchronized Optional<PresenceMember> release(String channel, String userId) {
        LinkedHashMap<String, Holder> users = cluster.get(channel);
        Holder holder = users != null ? users.get(userId) : null;
        if (holder == null || --holder.nodes > 0) {
            return Optional.empty();
        }
        users.remove(userId);
        if (users.isEmpty()) {
            cluster.remove(channel);
        }
        return Optional.of(holder.member);
    }
}
