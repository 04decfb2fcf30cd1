package dev.realtime.node;

import dev.realtime.RealtimeException;
import dev.realtime.broker.Broker;
import dev.realtime.channel.ChannelNames;
import dev.realtime.config.HistorySettings;
import dev.realtime.config.Setting;
import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.history.HistoryStore;
import dev.realtime.history.HistoryUnavailableException;
import dev.realtime.history.Retention;
import dev.realtime.history.memory.InMemoryHistoryStore;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * This node's channel history: which channels keep their messages ({@code realtime.history.channels},
 * and every cache channel, which keeps at least its last message for {@link #CACHE_TTL}), where (the
 * broker's {@link HistoryStore}, or this node's memory) and how messages get their positions.
 *
 * <p>With a shared store (Redis) the broadcasting node appends before it publishes, so the message
 * carries the same position to every node; messages from other nodes arrive with theirs and are not
 * appended again; {@code broadcastLocal(channel, …)}, which reaches this node only, is not kept. With
 * a node-local store (broker {@code none}; cache channels under a broker that keeps no history) each
 * node appends what it delivers, and positions never leave the node.
 *
 * <p>A store that cannot be reached (or fails in any way) never stops a broadcast: the message goes out without a position
 * and the failure is counted. Thread-safe.
 */
public final class ChannelHistory implements AutoCloseable {
    /** How long a cache channel keeps its last message after it was published, as Pusher does. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(30);
    /** Brokers whose cluster can keep channel history so far. */
    static final List<String> BROKERS_WITH_HISTORY = List.of("none", "redis");

    private static final Retention CACHE = new Retention(1, CACHE_TTL);

    private final HistoryStore store;
    private final List<Pattern> patterns;
    private final Retention retention;
    private final LongAdder failures = new LongAdder();
    private final RateLimitedLog errors = new RateLimitedLog(Logger.getLogger(ChannelHistory.class.getName()));

    ChannelHistory(HistoryStore store, HistorySettings settings) {
        this.store = store;
        this.patterns = settings.patterns();
        this.retention = settings.size() > 0 ? new Retention(settings.size(), settings.ttl()) : null;
    }

    /**
     * The history of {@code broker}'s cluster.
     *
     * @throws IllegalArgumentException when history channels are configured on a broker that keeps
     *     no history yet, naming those that do
     */
    static ChannelHistory open(Broker broker, HistorySettings settings) {
        Optional<HistoryStore> store = broker.openHistory(settings);
        if (store.isEmpty() && !settings.channels().isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.HISTORY_CHANNELS.key() + "="
                    + String.join(",", settings.channels()) + " needs a broker that keeps channel history; so far "
                    + BROKERS_WITH_HISTORY + " do, not '" + broker.name() + "'. Leave it empty with this broker.");
        }
        return new ChannelHistory(store.orElseGet(() -> new InMemoryHistoryStore(settings.memoryBytes())), settings);
    }

    /** How much of {@code channel} is kept, or {@code null} for a channel that keeps no history. */
    Retention retentionOf(String channel) {
        return retentionOf(channel, null);
    }

    /**
     * How much of {@code channel} is kept for a message of {@code event}: client events ({@code
     * client-…}) are not cached on cache channels, as on Pusher (a history channel keeps them).
     */
    private Retention retentionOf(String channel, String event) {
        Retention kept = null;
        if (retention != null) {
            for (Pattern p : patterns) {
                if (p.matcher(channel).matches()) {
                    kept = retention;
                    break;
                }
            }
        }
        if (ChannelNames.isCache(channel) && (event == null || !event.startsWith("client-"))) {
            kept = kept == null ? CACHE : kept.max(CACHE);
        }
        return kept;
    }

    /** A message this node is about to publish: with a shared store, appended and positioned. */
    Message beforePublish(Message message) {
        return store.shared() ? append(message) : message;
    }

    /** A message this node is about to deliver: with a node-local store, appended and positioned. */
    Message beforeDeliver(Message message) {
        return store.shared() ? message : append(message);
    }

    /**
     * {@code RealtimeManager.history}: up to {@code limit} messages after {@code since}.
     *
     * @throws RealtimeException {@code invalid_channel}, {@code no_history} (the channel keeps
     *     none), {@code invalid_limit} (not 1 to {@value HistoryStore#READ_LIMIT}) or {@code
     *     history_unavailable} (the store cannot be reached)
     */
    HistoryPage query(ChannelNames names, String channel, HistoryPosition since, int limit) {
        names.requireChannel(channel);
        if (retentionOf(channel) == null) {
            throw new RealtimeException(
                    "no_history",
                    "Channel " + channel + " keeps no history (" + Setting.HISTORY_CHANNELS.key()
                            + ", or a cache- channel)");
        }
        if (limit < 1 || limit > HistoryStore.READ_LIMIT) {
            throw new RealtimeException("invalid_limit", "limit must be 1 to " + HistoryStore.READ_LIMIT);
        }
        try {
            return HistoryPage.of(store.read(channel, since, limit), since);
        } catch (RuntimeException e) {
            failed(e);
            throw new RealtimeException("history_unavailable", "The history store cannot be reached");
        }
    }

    /**
     * The last message of a cache channel, for a new subscriber; empty when there is none or the
     * store cannot be reached (the client then fetches the state itself, as after a cache miss).
     */
    public Optional<Message> cached(String channel) {
        try {
            return store.last(channel);
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /** The store's name ({@code memory}, {@code redis}). */
    public String storeName() {
        return store.name();
    }

    /** Appends and reads that failed because the store could not be reached. */
    public long failureCount() {
        return failures.sum();
    }

    /** {@code {"store":"redis","failures":n}} for the health endpoint. */
    public String healthJson() {
        return "{\"store\":\"" + store.name() + "\",\"failures\":" + failures.sum() + "}";
    }

    @Override
    public void close() {
        store.close();
    }

    private Message append(Message message) {
        Retention kept = retentionOf(message.channel(), message.event());
        if (kept == null) {
            return message;
        }
        try {
            return message.withPosition(store.append(message, kept));
        } catch (RuntimeException e) {
            failed(e);
            return message.withPosition(null);
        }
    }

    /** Counted; logged (rate-limited) unless the store already said why ({@link HistoryUnavailableException}). */
    private void failed(RuntimeException e) {
        failures.increment();
        if (!(e instanceof HistoryUnavailableException)) {
            errors.warn(() -> "Channel history failed: " + e);
        }
    }
}
