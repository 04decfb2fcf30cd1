package dev.realtime.webhook;

import dev.realtime.auth.PusherSignatures;
import dev.realtime.config.WebhookSettings;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Pusher webhooks: events queued here (bounded: {@code realtime.webhooks.queue}, more are dropped and
 * counted) and sent by one thread in batches ({@code {"time_ms":…,"events":[…]}}, at most
 * {@code batch-size} events, a first event waiting {@code batch-ms} for company) to every configured
 * URL, signed as Pusher signs them ({@code X-Pusher-Key}, {@code X-Pusher-Signature}: hex
 * HMAC-SHA256 of the body with the app secret), so the Pusher server SDKs' webhook validators accept
 * them. A request that fails (no 2xx, a timeout) is retried with back-off (1 s doubling to 60 s)
 * for {@code retry-for-ms}, then its events are given up and counted. Redirects are not followed
 * and answers are not read; the URLs come from configuration only.
 *
 * <p>Which node sends an event (once per cluster): the node where it happened (a channel's first
 * subscriber or a member's first connection in the cluster joining there, the last one leaving
 * there, a client event received there); for what a vanished node took with it, the surviving node
 * with the lowest id ({@link #decideGoneBy}). When the node drains, {@link #close(Duration)} sends
 * what is queued at once, within the drain's budget. Thread-safe.
 */
public final class Webhooks implements WebhookEvents, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());
    /** How long {@link #close(Duration)} waits for an interrupted sender to finish. */
    private static final long STOP_MILLIS = 1000;
    /** Put in the queue by {@link #close(Duration)} to wake a waiting sender; never sent. */
    private static final String WAKE = new String("wake");

    private final WebhookSettings settings;
    private final String appKey;
    private final PusherSignatures signatures;
    private final BlockingQueue<String> queue;
    private final HttpClient http;
    private final Thread sender;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final RateLimitedLog warnings = new RateLimitedLog(LOG);
    private volatile BooleanSupplier responsibleForGone = () -> true;
    private volatile boolean closed;
    private volatile boolean flushing;
    private volatile long flushDeadline;

    /** Webhooks as configured; none are sent (and no thread runs) while no URL is. */
    static final long CACHE_MISS_WINDOW_MS = 1000;

    static final int CACHE_MISS_CHANNELS = 10_000;

    /** Channel → when its last cache_miss was emitted; the oldest entry goes past {@link #CACHE_MISS_CHANNELS}. */
    private final Map<String, Long> recentMisses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHE_MISS_CHANNELS;
        }
    };

    public Webhooks(WebhookSettings settings, String appKey, PusherSignatures signatures, ThreadFactory threads) {
        this.settings = settings;
        this.appKey = appKey;
        this.signatures = signatures;
        this.queue = new ArrayBlockingQueue<>(settings.queue());
        if (!settings.enabled()) {
            this.http = null;
            this.sender = null;
            return;
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.sender = threads.newThread(this::run);
        sender.setName("realtime-webhooks");
        sender.start();
    }

    /** Whether this node sends what a vanished node took with it (the lowest surviving node id). */
    public void decideGoneBy(BooleanSupplier responsible) {
        this.responsibleForGone = responsible;
    }

    @Override
    public boolean responsibleForGone() {
        return responsibleForGone.getAsBoolean();
    }

    @Override
    public void occupied(String channel) {
        emit("channel_occupied", channel, "");
    }

    @Override
    public void vacated(String channel) {
        emit("channel_vacated", channel, "");
    }

    @Override
    public void memberAdded(String channel, String userId) {
        emit("member_added", channel, ",\"user_id\":" + Json.quote(userId));
    }

    @Override
    public void memberRemoved(String channel, String userId) {
        emit("member_removed", channel, ",\"user_id\":" + Json.quote(userId));
    }

    /** A client event this node received: its data as a string, the sender's socket and member id. */
    @Override
    public void clientEvent(Message m, String socketId) {
        emit(
                "client_event",
                m.channel(),
                ",\"event\":" + Json.quote(m.event()) + ",\"data\":" + Json.quote(m.data()) + ",\"socket_id\":"
                        + Json.quote(socketId) + (m.userId() != null ? ",\"user_id\":" + Json.quote(m.userId()) : ""));
    }

    /**
     * {@code cache_miss}: a subscriber on this node found the cache channel empty. At most one per
     * channel per {@value #CACHE_MISS_WINDOW_MS} ms from this node (many clients subscribing to an
     * empty channel at once make one), remembered for the {@value #CACHE_MISS_CHANNELS} channels
     * missed most recently.
     */
    @Override
    public void cacheMiss(String channel) {
        long now = System.currentTimeMillis();
        synchronized (recentMisses) {
            Long last = recentMisses.get(channel);
            if (last != null && now - last < CACHE_MISS_WINDOW_MS) {
                return;
            }
            recentMisses.put(channel, now);
        }
        emit("cache_miss", channel, "");
    }

    private void emit(String name, String channel, String fields) {
        if (sender == null || closed || !settings.events().contains(name)) {
            return;
        }
        String event = "{\"name\":" + Json.quote(name) + ",\"channel\":" + Json.quote(channel) + fields + "}";
        if (!queue.offer(event)) {
            dropped.increment();
            warn(
                    "queue full (" + settings.queue() + " events, realtime.webhooks.queue); dropped " + dropped.sum()
                            + " so far",
                    null);
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (!closed) {
            try {
                String first = flushing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (flushing) {
                        return; // flushed
                    }
                    continue;
                }
                if (first == WAKE) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + settings.batch().toNanos();
                while (batch.size() < settings.batchSize()) {
                    long wait = flushing ? 0 : Math.max(0, deadline - System.nanoTime()); // a drain: no waiting
                    String next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (next != WAKE) {
                        batch.add(next);
                    }
                }
                send(batch);
                batch.clear();
            } catch (InterruptedException e) { // closed: what was taken is not sent
                failed.add(batch.size());
                return;
            }
        }
    }

    private void send(List<String> events) throws InterruptedException {
        String body = "{\"time_ms\":" + System.currentTimeMillis() + ",\"events\":[" + String.join(",", events) + "]}";
        boolean all = true;
        for (URI url : settings.urls()) {
            all &= sendWithRetries(url, body);
        }
        (all ? sent : failed).add(events.size());
    }

    private boolean sendWithRetries(URI url, String body) throws InterruptedException {
        Duration timeout = settings.timeout();
        if (flushing) { // a drain: never past its deadline
            timeout = Duration.ofNanos(Math.max(
                    TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeout.toNanos(), flushDeadline - System.nanoTime())));
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Pusher-Key", appKey)
                .header("X-Pusher-Signature", signatures.sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long giveUp = System.nanoTime() + settings.retryFor().toNanos();
        long backoff = TimeUnit.SECONDS.toMillis(1);
        while (true) {
            String problem;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                problem = "answered " + status;
            } catch (java.io.IOException e) {
                problem = e.toString();
            }
            long now = System.nanoTime();
            if (closed
                    || now + TimeUnit.MILLISECONDS.toNanos(backoff) - giveUp > 0
                    || flushing && now + TimeUnit.MILLISECONDS.toNanos(backoff) - flushDeadline > 0) {
                warn(
                        "POST to " + url + " " + problem + "; gave up after retrying for "
                                + settings.retryFor().toMillis() + " ms",
                        null);
                return false;
            }
            warn("POST to " + url + " " + problem + "; retrying", null);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toMillis(60));
        }
    }

    private void warn(String what, Exception e) {
        warnings.warn(() -> "Webhooks: " + what, e);
    }

    /** Events sent, given up ({@code failed}), dropped by a full queue (since start), and pending now. */
    public record Counts(long sent, long failed, long dropped, long pending) {}

    public Counts counts() {
        return new Counts(sent.sum(), failed.sum(), dropped.sum(), queue.size());
    }

    /** {@code {"sent":n,"failed":n,"dropped":n,"pending":n}}: {@link #counts}. */
    public String healthJson() {
        Counts c = counts();
        return "{\"sent\":" + c.sent() + ",\"failed\":" + c.failed() + ",\"dropped\":" + c.dropped() + ",\"pending\":"
                + c.pending() + "}";
    }

    /** Stops at once: what is queued is not sent. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Sends what is queued now, without waiting for batches to fill or retrying past {@code drain},
     * then stops (a graceful drain: a node's own last {@code member_removed} is not lost). Events
     * still queued after {@code drain} are counted as failed. Blocks for up to {@code drain}.
     */
    public void close(Duration drain) {
        if (closed) {
            return;
        }
        if (sender != null && drain.toNanos() > 0) {
            flushDeadline = System.nanoTime() + drain.toNanos();
            flushing = true;
            queue.offer(WAKE); // a full queue means the sender is not waiting for one
            try {
                sender.join(Math.max(1, drain.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(STOP_MILLIS); // it counts what it held as failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.removeIf(e -> e == WAKE);
        int left = queue.size();
        if (left > 0) {
            failed.add(left);
            queue.clear();
            LOG.warning(() -> "Webhooks: stopped with " + left + " events unsent");
        }
    }
}
