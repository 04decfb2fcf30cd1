package dev.realtime.channel;

import dev.realtime.connection.Connection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which connections are subscribed to which channel on this node. Subscribing and unsubscribing
 * update one channel's entry atomically; the fan-out reads without locking and iterates a
 * weakly consistent view. An empty channel is removed.
 */
public final class ChannelRegistry {
    private final ConcurrentHashMap<String, Set<Connection>> channels = new ConcurrentHashMap<>();
    private volatile Consumer<String> changes = channel -> {};

    /** Tells {@code listener} the name of every channel whose subscribers changed (any thread). */
    public void onChange(Consumer<String> listener) {
        this.changes = listener;
    }

    /** @return true when the connection was not subscribed before */
    public boolean subscribe(String channel, Connection connection) {
        boolean[] added = new boolean[1];
        channels.compute(channel, (name, subscribers) -> {
            Set<Connection> set = subscribers != null ? subscribers : ConcurrentHashMap.newKeySet();
            added[0] = set.add(connection);
            return set;
        });
        if (added[0]) {
            changes.accept(channel);
        }
        return added[0];
    }

    /** @return true when the connection was subscribed */
    public boolean unsubscribe(String channel, Connection connection) {
        boolean[] removed = new boolean[1];
        channels.computeIfPresent(channel, (name, subscribers) -> {
            removed[0] = subscribers.remove(connection);
            return subscribers.isEmpty() ? null : subscribers;
        });
        if (removed[0]) {
            changes.accept(channel);
        }
        return removed[0];
    }

    /** Live, weakly consistent view of the channel's subscribers; empty when there are none. */
    public Set<Connection> subscribers(String channel) {
        Set<Connection> set = channels.get(channel);
        return set != null ? Collections.unmodifiableSet(set) : Set.of();
    }

    public int subscriberCount(String channel) {
        Set<Connection> set = channels.get(channel);
        return set != null ? set.size() : 0;
    }

    /** Names of the channels that have at least one subscriber on this node. */
    public Set<String> occupied() {
        return Collections.unmodifiableSet(channels.keySet());
    }
}
