package dev.realtime.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence membership of this node: exact for the connections on this node. A user may be on a
 * channel through several connections; they join on the first and leave with the last. Each
 * channel's entry is updated atomically (joins and leaves are rare next to messages); channels
 * never contend. {@link Presence} adds the other nodes' members.
 */
public final class LocalPresenceRegistry {

    private static final class Channel {
        final Map<String, PresenceMember> members = new LinkedHashMap<>();
        final Map<String, Set<String>> connectionsByUser = new HashMap<>();
        final Map<String, String> userByConnection = new HashMap<>();
    }

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    /** Adds a connection of {@code member}; true when it is the user's first on the channel here. */
    public boolean join(String channel, String connectionId, PresenceMember member) {
        boolean[] first = new boolean[1];
        channels.compute(channel, (name, state) -> {
            Channel c = state != null ? state : new Channel();
            String previous = c.userByConnection.put(connectionId, member.userId());
            if (previous != null && !previous.equals(member.userId())) {
                removeConnection(c, previous, connectionId);
            }
            Set<String> connections =
                    c.connectionsByUser.computeIfAbsent(member.userId(), u -> new java.util.HashSet<>());
            first[0] = connections.isEmpty();
            connections.add(connectionId);
            if (first[0]) {
                c.members.put(member.userId(), member);
            }
            return c;
        });
        return first[0];
    }

    /** Removes a connection; the member when it was the user's last connection on the channel here. */
    public Optional<PresenceMember> leave(String channel, String connectionId) {
        @SuppressWarnings("unchecked")
        Optional<PresenceMember>[] left = new Optional[] {Optional.empty()};
        channels.computeIfPresent(channel, (name, c) -> {
            String user = c.userByConnection.remove(connectionId);
            if (user != null) {
                left[0] = removeConnection(c, user, connectionId);
            }
            return c.userByConnection.isEmpty() ? null : c;
        });
        return left[0];
    }

    private static Optional<PresenceMember> removeConnection(Channel c, String user, String connectionId) {
        Set<String> connections = c.connectionsByUser.get(user);
        if (connections == null || !connections.remove(connectionId) || !connections.isEmpty()) {
            return Optional.empty();
        }
        c.connectionsByUser.remove(user);
        return Optional.ofNullable(c.members.remove(user));
    }

    /** The channel's members on this node, one per user, in the order they joined. */
    public List<PresenceMember> members(String channel) {
        List<PresenceMember>[] copy = new List[1];
        channels.computeIfPresent(channel, (name, c) -> {
            copy[0] = new ArrayList<>(c.members.values());
            return c;
        });
        return copy[0] != null ? List.copyOf(copy[0]) : List.of();
    }

    /** Distinct users on the channel on this node. */
    public int userCount(String channel) {
        return members(channel).size();
    }

    /** The member the connection joined the channel as, or {@code null}. */
    public PresenceMember memberOf(String channel, String connectionId) {
        PresenceMember[] found = new PresenceMember[1];
        channels.computeIfPresent(channel, (name, c) -> {
            String user = c.userByConnection.get(connectionId);
            found[0] = user != null ? c.members.get(user) : null;
            return c;
        });
        return found[0];
    }

    /** Every channel's members on this node (a copy). */
    public Map<String, List<PresenceMember>> snapshot() {
        Map<String, List<PresenceMember>> copy = new HashMap<>();
        for (String channel : channels.keySet()) {
            List<PresenceMember> members = members(channel);
            if (!members.isEmpty()) {
                copy.put(channel, members);
            }
        }
        return copy;
    }
}
