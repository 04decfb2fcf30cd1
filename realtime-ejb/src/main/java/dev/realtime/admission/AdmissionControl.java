package dev.realtime.admission;

import dev.realtime.config.AdmissionSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Counts this node's open connections, in total and per client address, and limits how fast one
 * address opens new ones (a token bucket per address: {@code burst} at once, then
 * {@code ratePerSecond}). Every handshake attempt takes a token, admitted or not.
 *
 * <p>{@link #admit} returns a {@link Ticket} that the transport closes when the connection ends;
 * closing it is idempotent, so a connection is released exactly once whichever of its end paths
 * (close, error, timeout, expiry) runs first, and however many do.
 *
 * <p>Memory: one small entry per address that has an open connection or recently made a
 * handshake, at most about {@code trackedAddresses}. Entries with no open connection whose bucket has
 * refilled are forgotten by a sweep that runs at most every {@link #SWEEP_NANOS}; when the table is
 * full, every entry without an open connection is forgotten, and a new address that still finds no
 * room is refused as {@link Refusal#NODE_FULL}.
 *
 * <p>Thread-safe without a global lock: a concurrent map, and each entry guarded by itself.
 */
public final class AdmissionControl {
    static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PURGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AdmissionSettings settings;
    private final TrustedProxies proxies;
    private final LongSupplier clock;
    private final ConcurrentHashMap<AddressKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastSweep;
    private final AtomicLong purgeNotBefore;
    private final LongAdder admitted = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder[] refused = new LongAdder[Refusal.values().length];

    /** One address: its open connections and its bucket. Guarded by itself. */
    private static final class Entry {
        int open;
        double tokens;
        long refilledAt;
        boolean removed;

        Entry(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(long now, int rate, int burst) {
            double elapsed = Math.max(0, now - refilledAt) / 1e9;
            tokens = Math.min(burst, tokens + elapsed * rate);
            refilledAt = now;
        }
    }

    private volatile BooleanSupplier draining = () -> false;

    public AdmissionControl(AdmissionSettings settings) {
        this(settings, System::nanoTime);
    }

    /**
     * With a clock of nanoseconds, for tests.
     *
     * @throws IllegalArgumentException when a trusted proxy is not an address or CIDR
     */
    public AdmissionControl(AdmissionSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.proxies = TrustedProxies.parse(settings.trustedProxies());
        this.clock = clock;
        long now = clock.getAsLong();
        this.lastSweep = new AtomicLong(now);
        this.purgeNotBefore = new AtomicLong(now);
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /** Refuses every connection ({@link Refusal#DRAINING}) while {@code drainingNow} is true. */
    public void refuseWhile(BooleanSupplier drainingNow) {
        this.draining = drainingNow;
    }

    public AdmissionSettings settings() {
        return settings;
    }

    /**
     * The address key of a request: its peer, or with a trusted proxy as the peer the client that
     * proxy names in {@code X-Forwarded-For}; {@code null} when the peer is unknown.
     *
     * @param peer the socket's peer address literal as the container gives it
     * @param forwardedFor every {@code X-Forwarded-For} value in order; read only from a trusted peer
     */
    public AddressKey addressOf(String peer, java.util.List<String> forwardedFor) {
        byte[] address = proxies.clientAddress(peer, forwardedFor);
        return address == null ? null : AddressKey.of(address, settings.ipv6Prefix());
    }

    /**
     * Admits one new connection from {@code address}, or refuses it.
     *
     * @param address the client's address key, or {@code null} when the container does not tell it:
     *     then only the node-wide limit applies
     * @return the ticket to close when the connection ends
     * @throws AdmissionRefusedException when over a limit; nothing is counted as open then
     */
    public Ticket admit(AddressKey address) {
        if (draining.getAsBoolean()) {
            throw refuse(Refusal.DRAINING, 1);
        }
        long now = clock.getAsLong();
        maybeSweep(now);
        if (open.incrementAndGet() > settings.perNode()) {
            open.decrementAndGet();
            throw refuse(Refusal.NODE_FULL, settings.retryAfterSeconds());
        }
        try {
            Ticket ticket = address == null ? new Ticket(null, null) : admitFrom(address, now);
            admitted.increment();
            return ticket;
        } catch (AdmissionRefusedException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    private Ticket admitFrom(AddressKey address, long now) {
        while (true) {
            Entry entry = entries.get(address);
            if (entry == null) {
                if (entries.size() >= settings.trackedAddresses() && !purge(now)) {
                    throw refuse(Refusal.NODE_FULL, settings.retryAfterSeconds());
                }
                Entry fresh = new Entry(settings.burst(), now);
                entry = entries.putIfAbsent(address, fresh);
                if (entry == null) {
                    entry = fresh;
                }
            }
            synchronized (entry) {
                if (entry.removed) {
                    continue; // forgotten meanwhile: take or make the current one
                }
                entry.refill(now, settings.ratePerSecond(), settings.burst());
                if (entry.tokens < 1) {
                    double wait = (1 - entry.tokens) / settings.ratePerSecond();
                    throw refuse(Refusal.RATE, Math.max(1, (long) Math.ceil(wait)));
                }
                entry.tokens -= 1;
                if (entry.open >= settings.perAddress()) {
                    throw refuse(Refusal.ADDRESS_QUOTA, settings.retryAfterSeconds());
                }
                entry.open++;
                return new Ticket(address, entry);
            }
        }
    }

    private AdmissionRefusedException refuse(Refusal why, long retryAfter) {
        refused[why.ordinal()].increment();
        return new AdmissionRefusedException(why, retryAfter);
    }

    private void release(Entry entry) {
        if (entry != null) {
            synchronized (entry) {
                entry.open--;
            }
        }
        open.decrementAndGet();
        released.increment();
    }

    /** Forgets idle addresses whose bucket is full again; at most every {@link #SWEEP_NANOS}. */
    private void maybeSweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        entries.values().removeIf(e -> {
            synchronized (e) {
                if (e.open > 0) {
                    return false;
                }
                e.refill(now, settings.ratePerSecond(), settings.burst());
                e.removed = e.tokens >= settings.burst();
                return e.removed;
            }
        });
    }

    /**
     * The table is full: forgets every address without an open connection (their rate history
     * too). When that frees less than a quarter of the table (it is mostly open connections), the
     * next purge waits a second, so that a flood of new addresses cannot make every refusal scan
     * the table. Whether there is room now.
     */
    private boolean purge(long now) {
        long notBefore = purgeNotBefore.get();
        if (now - notBefore >= 0 && purgeNotBefore.compareAndSet(notBefore, now)) {
            entries.values().removeIf(e -> {
                synchronized (e) {
                    e.removed = e.open == 0;
                    return e.removed;
                }
            });
            if (entries.size() > settings.trackedAddresses() * 3L / 4) {
                purgeNotBefore.set(now + PURGE_NANOS);
            }
        }
        return entries.size() < settings.trackedAddresses();
    }

    /** Connections admitted and not yet released, over every transport. */
    public int openCount() {
        return open.get();
    }

    /** Open connections of one address (0 when it is not tracked). */
    public int openCount(AddressKey address) {
        Entry entry = entries.get(address);
        if (entry == null) {
            return 0;
        }
        synchronized (entry) {
            return entry.open;
        }
    }

    /** Addresses tracked now. */
    public int trackedCount() {
        return entries.size();
    }

    public long admittedCount() {
        return admitted.sum();
    }

    public long releasedCount() {
        return released.sum();
    }

    public long refusedCount(Refusal why) {
        return refused[why.ordinal()].sum();
    }

    /**
     * One admitted connection. Close it when the connection ends, from any thread, as often as
     * convenient: only the first close releases it.
     */
    public final class Ticket implements AutoCloseable {
        private final AddressKey address;
        private final Entry entry;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Ticket(AddressKey address, Entry entry) {
            this.address = address;
            this.entry = entry;
        }

        /** The address it counts against, or {@code null} when unknown. */
        public AddressKey address() {
            return address;
        }

        public boolean isClosed() {
            return closed.get();
        }

        /** Releases the connection's place; idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(entry);
            }
        }
    }
}
