package dev.realtime.presence;

import java.util.List;
import java.util.Optional;

/**
 * Who is on each presence channel. A user may be on a channel through several connections; they
 * join on the first and leave with the last. Implementations are thread-safe; this interface lets
 * a broker-backed implementation share membership across nodes.
 */
public interface PresenceRegistry {

    /** Adds a connection of {@code member}; true when it is the user's first on the channel. */
    boolean join(String channel, String connectionId, PresenceMember member);

    /** Removes a connection; the member when it was the user's last connection on the channel. */
    Optional<PresenceMember> leave(String channel, String connectionId);

    /** The channel's members, one per user, in the order they joined. */
    List<PresenceMember> members(String channel);

    /** Number of distinct users on the channel. */
    int userCount(String channel);
}
