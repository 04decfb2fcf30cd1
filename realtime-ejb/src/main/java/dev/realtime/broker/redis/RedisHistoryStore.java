package dev.realtime.broker.redis;

import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.history.HistoryPosition;
import dev.realtime.history.HistorySlice;
import dev.realtime.history.HistoryStore;
import dev.realtime.history.HistoryUnavailableException;
import dev.realtime.history.Retention;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Channel history in Redis, shared by every node of the cluster: per channel a hash
 * {@code <prefix>history:{<channel>}} (fields {@code epoch}, {@code offset}) and a list
 * {@code <prefix>history:{<channel>}:log} of {@code <offset>:<signed envelope>}, both expiring
 * {@code ttl} after the channel's last message. One Lua script per append ({@code
 * history-append.lua}) increments the offset, pushes, trims to the size and renews the expiry
 * atomically, and starts a new epoch (the one this node proposes) when the history is missing; one
 * per read ({@code history-read.lua}) reads the position and entries consistently. Entries are signed
 * like broker envelopes and checked like them when read ({@link EnvelopeCodec}).
 *
 * <p>Connections: one pool ({@link RedisClient}) with the broker's settings ({@code
 * realtime.redis.url}, {@code timeout-ms}), at most {@value #POOL_SIZE} connections. After a
 * failure the store answers {@link HistoryUnavailableException} at once for {@value #BACKOFF_MS} ms
 * instead of waiting out the timeout on every broadcast, and the next append to a channel whose
 * append failed drops that channel's history first (a new epoch), so a message that may be missing
 * from it never makes a later read look complete. Thread-safe.
 */
public final class RedisHistoryStore implements HistoryStore {
    public static final String NAME = "redis";

    static final int POOL_SIZE = 16;
    static final long BACKOFF_MS = 1000;
    /** Channels remembered for a reset after a failed append; past it, the oldest failures are forgotten. */
    static final int BROKEN_LIMIT = 10_000;

    private static final Logger LOG = Logger.getLogger(RedisHistoryStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisClient redis;
    private final String keyPrefix;
    private final EnvelopeCodec envelopes;
    private final Script append = Script.load("history-append.lua");
    private final Script read = Script.load("history-read.lua");
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog failures = new RateLimitedLog(LOG);
    private volatile long unavailableUntil;

    /**
     * @param envelopes signs entries and checks them when read (the broker's codec: the cluster's key)
     */
    public RedisHistoryStore(RedisSettings settings, EnvelopeCodec envelopes) {
        this.keyPrefix = settings.prefix() + "history:{";
        this.envelopes = envelopes;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout());
        this.redis = RedisClient.builder()
                .hostAndPort(settings.hostAndPort())
                .clientConfig(settings.clientConfig((int) settings.timeout().toMillis()))
                .poolConfig(pool)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public HistoryPosition append(Message message, Retention retention) {
        String channel = message.channel();
        boolean reset = broken.contains(channel);
        List<byte[]> args = List.of(
                envelopes.encode(message.withPosition(null)),
                bytes(Integer.toString(retention.size())),
                bytes(Long.toString(Math.max(1, retention.ttl().toMillis()))),
                bytes(newEpoch()),
                bytes(reset ? "1" : "0"));
        try {
            List<?> answer = (List<?>) run(append, channel, args);
            HistoryPosition position = position(answer.get(0), answer.get(1));
            if (reset) {
                broken.remove(channel);
            }
            return position;
        } catch (HistoryUnavailableException e) {
            if (broken.size() < BROKEN_LIMIT) {
                broken.add(channel);
            }
            throw e;
        }
    }

    @Override
    public HistorySlice read(String channel, HistoryPosition since, int limit) {
        return slice(channel, since, Math.max(1, Math.min(limit, READ_LIMIT)));
    }

    @Override
    public Optional<Message> last(String channel) {
        List<Message> newest = slice(channel, null, 0).messages();
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(newest.size() - 1));
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Whether {@code channel} will start a new epoch at its next append (an append failed). */
    boolean awaitsReset(String channel) {
        return broken.contains(channel);
    }

    private HistorySlice slice(String channel, HistoryPosition since, int limit) {
        List<byte[]> args = List.of(
                bytes(since == null ? "0" : Long.toString(since.offset())),
                bytes(since == null ? "" : since.epoch()),
                bytes(Integer.toString(limit)));
        List<?> answer = (List<?>) run(read, channel, args);
        if (answer.isEmpty()) {
            return HistorySlice.EMPTY;
        }
        String epoch = position(answer.get(1), answer.get(0)).epoch();
        long newest = (Long) answer.get(1);
        long oldest = (Long) answer.get(2);
        if (!(answer.get(3) instanceof List<?> entries)) {
            throw malformed(channel);
        }
        List<Message> messages = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            Message m = entry(channel, (byte[]) entry, epoch);
            if (m != null) {
                messages.add(m);
            }
        }
        return new HistorySlice(epoch, Math.min(oldest, newest + 1), newest, messages);
    }

    /** One list entry, {@code <offset>:<envelope>}, checked; {@code null} (logged) when refused. */
    private Message entry(String channel, byte[] entry, String epoch) {
        int colon = 0;
        while (colon < entry.length && colon < 17 && entry[colon] != ':') {
            colon++;
        }
        long offset;
        try {
            offset = Long.parseLong(new String(entry, 0, colon, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (colon >= entry.length || offset < 1 || offset > HistoryPosition.OFFSET_LIMIT) {
            failures.warn(() -> "Skipped a malformed history entry of channel " + channel);
            return null;
        }
        byte[] envelope = Arrays.copyOfRange(entry, colon + 1, entry.length);
        Message m = envelopes.decode(envelope, () -> "Redis history of " + channel);
        if (m == null || !m.channel().equals(channel)) {
            return null;
        }
        return m.withPosition(new HistoryPosition(offset, epoch));
    }

    private Object run(Script script, String channel, List<byte[]> args) {
        if (System.currentTimeMillis() < unavailableUntil) {
            throw new HistoryUnavailableException("Redis history unavailable (retrying shortly)", null);
        }
        List<byte[]> keys = List.of(bytes(keyPrefix + channel + "}"), bytes(keyPrefix + channel + "}:log"));
        try {
            try {
                return redis.evalsha(script.sha, keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source, keys, args);
            }
        } catch (JedisException | ClassCastException | IndexOutOfBoundsException | IllegalArgumentException e) {
            unavailableUntil = System.currentTimeMillis() + BACKOFF_MS;
            failures.warn(() -> "Redis history failed for channel " + channel + ": " + e);
            throw new HistoryUnavailableException("Redis history failed: " + e.getMessage(), e);
        }
    }

    /** The position in a script's answer; one that is not a position is the store's fault, not the caller's. */
    private HistoryPosition position(Object offset, Object epoch) {
        if (offset instanceof Long o && epoch instanceof byte[] e && e.length <= HistoryPosition.EPOCH_LIMIT) {
            String text = text(e);
            if (o >= 0 && o <= HistoryPosition.OFFSET_LIMIT && HistoryPosition.validEpoch(text)) {
                return new HistoryPosition(o, text);
            }
        }
        throw malformed("a channel");
    }

    private HistoryUnavailableException malformed(String channel) {
        failures.warn(() -> "Redis history of " + channel + " is malformed (not written by this module?)");
        return new HistoryUnavailableException("Redis history is malformed", null);
    }

    private static String text(Object value) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String newEpoch() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A Lua script of this package and its SHA-1, for EVALSHA. */
    private record Script(byte[] source, byte[] sha) {
        static Script load(String name) {
            try (InputStream in = RedisHistoryStore.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                byte[] source = in.readAllBytes();
                byte[] sha = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-1").digest(source))
                        .getBytes(StandardCharsets.US_ASCII);
                return new Script(source, sha);
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot load " + name, e);
            }
        }
    }
}
