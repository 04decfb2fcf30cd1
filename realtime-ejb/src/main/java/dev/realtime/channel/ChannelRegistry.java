package dev.realtime.channel;

import dev.realtime.connection.Connection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which connections are subscribed to which channel on this node. Subscribing and unsubscribing
 * update one channel's entry atomically; the fan-out reads without locking and iterates a
 * weakly consistent view. An empty channel is removed.
 */
public final class ChannelRegistry {
    private final ConcurrentHashMap<String, Set<Connection>> channels = new ConcurrentHashMap<>();
    /** Hears that a channel's subscribers on this node changed. */
    public interface Listener {
        /**
         * A connection was {@code added} to the channel (else removed); {@code subscribers} is the
         * channel's count right after the change. Any thread.
         */
        void changed(String channel, int subscribers, boolean added);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener of every change of a channel's subscribers. */
    public void onChange(Listener listener) {
        listeners.add(listener);
    }

    private void changed(String channel, int subscribers, boolean added) {
        for (Listener l : listeners) {
            l.changed(channel, subscribers, added);
        }
    }

    /** @return true when the connection was not subscribed before */
    public boolean subscribe(String channel, Connection connection) {
        boolean[] added = new boolean[1];
        int[] count = new int[1];
        channels.compute(channel, (name, subscribers) -> {
            Set<Connection> set = subscribers != null ? subscribers : ConcurrentHashMap.newKeySet();
            added[0] = set.add(connection);
            count[0] = set.size();
            return set;
        });
        if (added[0]) {
            changed(channel, count[0], true);
        }
        return added[0];
    }

    /** @return true when the connection was subscribed */
    public boolean unsubscribe(String channel, Connection connection) {
        boolean[] removed = new boolean[1];
        int[] count = new int[1];
        channels.computeIfPresent(channel, (name, subscribers) -> {
            removed[0] = subscribers.remove(connection);
            count[0] = subscribers.size();
            return subscribers.isEmpty() ? null : subscribers;
        });
        if (removed[0]) {
            changed(channel, count[0], false);
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
