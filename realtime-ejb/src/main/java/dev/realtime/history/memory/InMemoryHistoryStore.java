package dev.realtime.history.memory;

import dev.realtime.history.HistoryPosition;
import dev.realtime.history.HistorySlice;
import dev.realtime.history.HistoryStore;
import dev.realtime.history.Retention;
import dev.realtime.message.Message;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Channel history in this node's memory: node-local (positions mean something on this node only),
 * for broker {@code none}, and for cache channels with a broker that keeps no history. Bounded: at
 * most {@code maxBytes} (each message counted by the bytes it retains, each channel by
 * {@value #CHANNEL_BYTES}) and {@value #MAX_CHANNELS} channels; past either, the channels written
 * least recently are dropped whole, so their next message starts a new epoch, as when a channel's
 * ttl passes.
 *
 * <p>Thread-safe: one lock around a map in write order; every operation is a few map and deque
 * steps under it, never a call out.
 */
public final class InMemoryHistoryStore implements HistoryStore {
    public static final String NAME = "memory";
    /** Bytes counted per channel kept, besides its messages. */
    static final int CHANNEL_BYTES = 256;
    /** Most channels kept. */
    static final int MAX_CHANNELS = 100_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final Map<String, Log> channels = new LinkedHashMap<>(16, 0.75f, false);
    private long bytes;

    /** A store of at most {@code maxBytes}, on the system clock. */
    public InMemoryHistoryStore(long maxBytes) {
        this(maxBytes, System::nanoTime);
    }

    /** @param nanoClock monotonic nanoseconds (a stand-in in tests) */
    public InMemoryHistoryStore(long maxBytes, LongSupplier nanoClock) {
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
    }

    /** One channel's messages and position; guarded by the store's lock. */
    private static final class Log {
        final String epoch = newEpoch();
        final ArrayDeque<Message> messages = new ArrayDeque<>();
        long newest;
        long expiresAt;
        long bytes = CHANNEL_BYTES;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public synchronized HistoryPosition append(Message message, Retention retention) {
        long now = nanoClock.getAsLong();
        Log log = live(message.channel(), now);
        if (log == null) {
            log = new Log();
            bytes += log.bytes;
        } else {
            channels.remove(message.channel()); // re-inserted last: written most recently
        }
        channels.put(message.channel(), log);
        log.newest++;
        HistoryPosition position = new HistoryPosition(log.newest, log.epoch);
        Message kept = message.withPosition(position);
        log.messages.addLast(kept);
        grow(log, retained(kept));
        while (log.messages.size() > retention.size()) {
            grow(log, -retained(log.messages.removeFirst()));
        }
        log.expiresAt = now + retention.ttl().toNanos();
        evict(message.channel());
        return position;
    }

    @Override
    public synchronized HistorySlice read(String channel, HistoryPosition since, int limit) {
        Log log = live(channel, nanoClock.getAsLong());
        if (log == null || log.messages.isEmpty()) {
            return HistorySlice.EMPTY;
        }
        long oldest = log.newest - log.messages.size() + 1;
        long first = HistorySlice.firstWanted(since, log.epoch, oldest);
        List<Message> out = new ArrayList<>(Math.min(limit, log.messages.size()));
        Iterator<Message> it = log.messages.iterator();
        for (long offset = oldest; it.hasNext() && out.size() < limit; offset++) {
            Message m = it.next();
            if (offset >= first) {
                out.add(m);
            }
        }
        return new HistorySlice(log.epoch, oldest, log.newest, out);
    }

    @Override
    public synchronized Optional<Message> last(String channel) {
        Log log = live(channel, nanoClock.getAsLong());
        return log == null ? Optional.empty() : Optional.ofNullable(log.messages.peekLast());
    }

    /** Bytes held now (messages and channels), for tests and the health endpoint. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Channels held now. */
    public synchronized int channelCount() {
        return channels.size();
    }

    @Override
    public synchronized void close() {
        channels.clear();
        bytes = 0;
    }

    /** The channel's log unless its ttl has passed (then it is dropped). */
    private Log live(String channel, long now) {
        Log log = channels.get(channel);
        if (log != null && now - log.expiresAt >= 0) {
            drop(channel, log);
            return null;
        }
        return log;
    }

    private void grow(Log log, long delta) {
        log.bytes += delta;
        bytes += delta;
    }

    /** Drops the channels written least recently, never {@code keep}, until within the bounds. */
    private void evict(String keep) {
        Iterator<Map.Entry<String, Log>> it = channels.entrySet().iterator();
        while ((bytes > maxBytes || channels.size() > MAX_CHANNELS) && it.hasNext()) {
            Map.Entry<String, Log> e = it.next();
            if (!e.getKey().equals(keep)) {
                it.remove();
                bytes -= e.getValue().bytes;
            }
        }
        Log kept = channels.get(keep);
        while (bytes > maxBytes && kept != null && kept.messages.size() > 1) {
            grow(kept, -retained(kept.messages.removeFirst())); // one channel alone over the budget
        }
    }

    private void drop(String channel, Log log) {
        channels.remove(channel);
        bytes -= log.bytes;
    }

    /** Bytes a kept message retains: its strings (UTF-16) and the record, deque slot and position. */
    static long retained(Message m) {
        long chars = m.id().length()
                + m.channel().length()
                + m.event().length()
                + m.data().length()
                + m.originNodeId().length()
                + (m.exceptSocketId() == null ? 0 : m.exceptSocketId().length())
                + (m.userId() == null ? 0 : m.userId().length());
        return 2 * chars + 200;
    }

    private static String newEpoch() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
