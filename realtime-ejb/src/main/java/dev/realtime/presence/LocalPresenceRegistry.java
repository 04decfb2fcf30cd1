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
 * Presence membership of this node: exact for the connections on this node. Each channel is
 * guarded by its own monitor (joins and leaves are rare next to messages); channels never contend.
 */
public final class LocalPresenceRegistry implements PresenceRegistry {

    private static final class Channel {
        final Map<String, PresenceMember> members = new LinkedHashMap<>();
        final Map<String, Set<String>> connectionsByUser = new HashMap<>();
        final Map<String, String> userByConnection = new HashMap<>();
    }

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    @Override
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

    @Override
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

    @Override
    public List<PresenceMember> members(String channel) {
        List<PresenceMember>[] copy = new List[1];
        channels.computeIfPresent(channel, (name, c) -> {
            copy[0] = new ArrayList<>(c.members.values());
            return c;
        });
        return copy[0] != null ? List.copyOf(copy[0]) : List.of();
    }

    @Override
    public int userCount(String channel) {
        return members(channel).size();
    }
}
