package dev.realtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pusher webhooks ({@code realtime.webhooks.*}): where they go, which events, and the limits of
 * sending them. Off while {@code urls} is empty.
 *
 * @param urls the receivers (absolute {@code http} or {@code https} URLs, from configuration only)
 * @param events the event names sent ({@link #EVENTS} by default)
 * @param batch time a first event waits for others to share its request
 * @param batchSize most events in one request
 * @param queue most events waiting to be sent; more are dropped and counted
 * @param timeout connect and response timeout of one request
 * @param retryFor how long a batch is retried (with back-off) before it is given up and counted
 */
public record WebhookSettings(
        List<URI> urls,
        Set<String> events,
        Duration batch,
        int batchSize,
        int queue,
        Duration timeout,
        Duration retryFor) {
    /** The events Pusher sends, in its names. */
    public static final Set<String> EVENTS = Set.of(
            "channel_occupied", "channel_vacated", "member_added", "member_removed", "client_event", "cache_miss");

    public WebhookSettings {
        urls = List.copyOf(urls);
        events = Set.copyOf(events);
    }

    /** Whether any receiver is configured. */
    public boolean enabled() {
        return !urls.isEmpty();
    }

    static WebhookSettings from(SettingReader r) {
        List<URI> urls = new ArrayList<>();
        for (String url : r.list(Setting.WEBHOOK_URLS)) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Configuration " + Setting.WEBHOOK_URLS.key() + ": " + url + " is not a URL");
            }
            if (!uri.isAbsolute()
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("Configuration " + Setting.WEBHOOK_URLS.key() + ": " + url
                        + " must be an absolute http or https URL");
            }
            urls.add(uri);
        }
        Set<String> events = new LinkedHashSet<>(r.list(Setting.WEBHOOK_EVENTS));
        for (String event : events) {
            if (!EVENTS.contains(event)) {
                throw new IllegalArgumentException("Configuration " + Setting.WEBHOOK_EVENTS.key() + ": unknown event "
                        + event + "; known: " + EVENTS);
            }
        }
        return new WebhookSettings(
                urls,
                events,
                r.millis(Setting.WEBHOOK_BATCH),
                r.positive(Setting.WEBHOOK_BATCH_SIZE),
                r.positive(Setting.WEBHOOK_QUEUE),
                Duration.ofMillis(r.number(Setting.WEBHOOK_TIMEOUT, 1, 600_000)),
                r.millis(Setting.WEBHOOK_RETRY_FOR));
    }
}
