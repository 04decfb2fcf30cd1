package dev.realtime.channel;

/**
 * A read-only view of one channel on this node, returned by {@code RealtimeManager.channel(name)}.
 * Counts are read live.
 */
public final class Channel {
    private final String name;
    private final ChannelType type;
    private final ChannelRegistry registry;

    public Channel(String name, ChannelType type, ChannelRegistry registry) {
        this.name = name;
        this.type = type;
        this.registry = registry;
    }

    public String getName() {
        return name;
    }

    public ChannelType getType() {
        return type;
    }

    /** Connections on this node subscribed to the channel right now. */
    public int getSubscriberCount() {
        return registry.subscriberCount(name);
    }

    public boolean isOccupied() {
        return getSubscriberCount() > 0;
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", " + type + "]";
    }
}
