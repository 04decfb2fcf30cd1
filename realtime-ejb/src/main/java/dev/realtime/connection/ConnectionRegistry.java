package dev.realtime.connection;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.channel.ChannelType;
import dev.realtime.presence.Presence;
import dev.realtime.presence.PresenceMember;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * All connections on this node, by id and by user, and their channel subscriptions. Thread-safe
 * with concurrent collections; no global lock.
 */
public final class ConnectionRegistry {

    private final ChannelRegistry channels;
    private final ChannelNames names;
    private final int channelsPerConnection;
    private final ConcurrentHashMap<String, Registration> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    private final Presence presence;
    private final Disconnects disconnects = new Disconnects();

    /** A registry whose presence channels tell nobody of joins and leaves (tests). */
    public ConnectionRegistry(ChannelRegistry channels, ChannelNames names, int channelsPerConnection) {
        this(channels, names, channelsPerConnection, new Presence(new Presence.Listener() {
            @Override
            public void joined(String channel, PresenceMember member, String exceptConnectionId) {}

            @Override
            public void left(String channel, PresenceMember member, Presence.Departure why) {}
        }));
    }

    public ConnectionRegistry(
            ChannelRegistry channels, ChannelNames names, int channelsPerConnection, Presence presence) {
        this.channels = channels;
        this.names = names;
        this.channelsPerConnection = channelsPerConnection;
        this.presence = presence;
    }

    /** Adds a connection; close the returned registration when the connection ends. */
    public Registration register(Connection connection) {
        Registration registration = new Registration(connection, this);
        if (byId.putIfAbsent(connection.id(), registration) != null) {
            throw new IllegalStateException("Connection id " + connection.id() + " is already registered");
        }
        indexUser(connection);
        return registration;
    }

    private void indexUser(Connection connection) {
        String user = connection.userId();
        if (user != null) {
            // compute, not computeIfAbsent(..).add: unregister may remove the (emptied) set in between
            byUser.compute(user, (u, set) -> {
                Set<Connection> connections = set != null ? set : ConcurrentHashMap.newKeySet();
                connections.add(connection);
                return connections;
            });
        }
    }

    public int connectionCount() {
        return byId.size();
    }

    /** Per transport name: {connections, channel subscriptions}; walks every connection (metrics). */
    public Map<String, long[]> countByTransport() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Registration r : byId.values()) {
            long[] c = counts.computeIfAbsent(r.connection.transport(), t -> new long[2]);
            c[0]++;
            c[1] += r.channels.size();
        }
        return counts;
    }

    /** Ended connections by transport and reason. */
    public Disconnects disconnects() {
        return disconnects;
    }

    public Optional<Registration> find(String connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }

    /** A snapshot of the user's connections on this node. */
    public Collection<Connection> userConnections(String userId) {
        Set<Connection> set = byUser.get(userId);
        return set != null ? List.copyOf(set) : List.of();
    }

    boolean subscribe(Registration registration, String channel) {
        names.requireChannel(channel);
        if (!registration.channels.contains(channel) && registration.channels.size() >= channelsPerConnection) {
            throw new RealtimeException(
                    "too_many_channels",
                    "A connection may subscribe to at most " + channelsPerConnection
                            + " channels (realtime.limits.channels-per-connection)");
        }
        registration.channels.add(channel);
        boolean added = channels.subscribe(channel, registration.connection());
        if (!isRegistered(registration)) {
            // closed before or during this call: a closed connection must not stay subscribed
            registration.channels.remove(channel);
            channels.unsubscribe(channel, registration.connection());
            return false;
        }
        return added;
    }

    boolean subscribe(
            Registration registration, String channel, PresenceMember member, Consumer<List<PresenceMember>> onJoined) {
        boolean added = subscribe(registration, channel);
        if (member == null || !isRegistered(registration)) {
            return added;
        }
        // closed before its turn: unregister's leave comes after this join in the channel's lane
        presence.join(channel, registration.connection().id(), member, () -> isRegistered(registration), onJoined);
        return added;
    }

    boolean unsubscribe(Registration registration, String channel) {
        registration.channels.remove(channel);
        boolean removed = channels.unsubscribe(channel, registration.connection());
        leavePresence(channel, registration.connection());
        return removed;
    }

    private void leavePresence(String channel, Connection connection) {
        if (names.typeOf(channel) == ChannelType.PRESENCE) {
            presence.leave(channel, connection.id());
        }
    }

    private boolean isRegistered(Registration registration) {
        return byId.get(registration.connection().id()) == registration;
    }

    void identify(Registration registration) {
        if (isRegistered(registration)) {
            indexUser(registration.connection());
            String userChannel =
                    ChannelNames.userChannel(registration.connection().userId());
            registration.userChannel = userChannel;
            channels.subscribe(userChannel, registration.connection());
            if (!isRegistered(registration)) {
                // closed during the call: unregister may have un-indexed before this indexed
                unindexUser(registration.connection());
                channels.unsubscribe(userChannel, registration.connection());
            }
        }
    }

    void unregister(Registration registration, Disconnect why) {
        Connection connection = registration.connection();
        if (!byId.remove(connection.id(), registration)) {
            return;
        }
        disconnects.record(connection.transport(), why);
        for (String channel : registration.channels) {
            channels.unsubscribe(channel, connection);
            leavePresence(channel, connection);
        }
        registration.channels.clear();
        if (registration.userChannel != null) {
            channels.unsubscribe(registration.userChannel, connection);
        }
        unindexUser(connection);
        registration.ended();
    }

    private void unindexUser(Connection connection) {
        String user = connection.userId();
        if (user != null) {
            byUser.computeIfPresent(user, (u, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * One connection's membership in the registry. Transports call {@link #subscribe} and
     * {@link #unsubscribe} as the client asks, and {@link #close} when the connection ends.
     */
    public static final class Registration implements AutoCloseable {
        private final Connection connection;
        private final ConnectionRegistry registry;
        private final Set<String> channels = ConcurrentHashMap.newKeySet();
        private final Queue<AutoCloseable> closeHooks = new ConcurrentLinkedQueue<>();
        /** The signed-in user's channel, once {@link #identify} ran; not among {@link #channels}. */
        private volatile String userChannel;

        private volatile boolean ended;

        private Registration(Connection connection, ConnectionRegistry registry) {
            this.connection = connection;
            this.registry = registry;
        }

        public Connection connection() {
            return connection;
        }

        /**
         * Subscribes to a channel; subscribing twice is harmless. Authorization is the transport's
         * job and happens before this call.
         *
         * @return true when newly subscribed
         * @throws RealtimeException for an invalid name or too many channels
         */
        public boolean subscribe(String channel) {
            return registry.subscribe(this, channel);
        }

        /**
         * Subscribes to a presence channel as {@code member}: the other subscribers hear of it
         * ({@code member_added}) when it is the user's first connection on the channel.
         */
        public boolean subscribe(String channel, PresenceMember member) {
            return registry.subscribe(this, channel, member, members -> {});
        }

        /**
         * Like {@link #subscribe(String, PresenceMember)}, and then hands {@code onJoined} the
         * member list including this member, in order with the channel's member events: whatever
         * the connection is sent from there (the Pusher {@code subscription_succeeded}) is never
         * overtaken by an older member event. {@code onJoined} may run on another thread, and not
         * at all if the connection closes first.
         */
        public boolean subscribe(String channel, PresenceMember member, Consumer<List<PresenceMember>> onJoined) {
            return registry.subscribe(this, channel, member, onJoined);
        }

        /**
         * Records that the connection's user is now known ({@link Connection#userId()} changed
         * from {@code null}, e.g. after {@code pusher:signin}), so that it counts in
         * {@code getUserConnections} and receives the user's messages
         * ({@link ChannelNames#userChannel}, Pusher's {@code #server-to-user-…}).
         */
        public void identify() {
            registry.identify(this);
        }

        /** @return true when it was subscribed */
        public boolean unsubscribe(String channel) {
            return registry.unsubscribe(this, channel);
        }

        /** The id of the member this connection joined the presence channel as, or {@code null}. */
        public String memberId(String channel) {
            PresenceMember member = registry.presence.memberOf(channel, connection.id());
            return member != null ? member.userId() : null;
        }

        public boolean isSubscribed(String channel) {
            return channels.contains(channel);
        }

        /** The channels this connection is subscribed to (a live view). */
        public Set<String> channels() {
            return java.util.Collections.unmodifiableSet(channels);
        }

        /**
         * Closes {@code resource} once when this registration closes (at once when it already has):
         * ties something the connection holds, such as its admission ticket, to the one end path
         * every transport goes through. A hook that throws is logged and does not stop the others.
         */
        public void onClose(AutoCloseable resource) {
            closeHooks.add(resource);
            if (ended) {
                runHooks();
            }
        }

        void ended() {
            ended = true;
            runHooks();
        }

        private void runHooks() {
            AutoCloseable hook;
            while ((hook = closeHooks.poll()) != null) { // poll: each hook runs on one thread only
                try {
                    hook.close();
                } catch (Exception e) {
                    java.util.logging.Logger.getLogger(ConnectionRegistry.class.getName())
                            .log(java.util.logging.Level.WARNING, "A close hook of " + connection.id() + " failed", e);
                }
            }
        }

        /** The client went away: {@link #close(Disconnect)} with {@link Disconnect#CLIENT}. */
        @Override
        public void close() {
            close(Disconnect.CLIENT);
        }

        /**
         * Unsubscribes from everything and removes the connection; idempotent: only the first call
         * counts, with its reason.
         */
        public void close(Disconnect why) {
            registry.unregister(this, why);
        }
    }
}
