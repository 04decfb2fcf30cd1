package dev.realtime.config;

import java.time.Duration;

/**
 * What readiness requires, whether the metrics are served, and how a node drains
 * ({@code realtime.health.*}, {@code realtime.metrics.enabled}, {@code realtime.drain.*}).
 *
 * @param consumerRequired ready only while a consumer job runs in this server
 * @param maxLag consumer lag (messages) over which the node is not ready; {@code -1}: no limit
 * @param metricsEnabled whether {@code GET /realtime/metrics} answers
 * @param drainGrace how long a draining node refuses new connections before it tells its clients to go
 * @param drainTimeout the bound of the rest of the drain
 */
public record OpsSettings(
        boolean consumerRequired, long maxLag, boolean metricsEnabled, Duration drainGrace, Duration drainTimeout) {

    /** No lag limit. */
    public static final long NO_LIMIT = -1;

    /** With the default drain settings. */
    public OpsSettings(boolean consumerRequired, long maxLag, boolean metricsEnabled) {
        this(
                consumerRequired,
                maxLag,
                metricsEnabled,
                Duration.ofMillis(Long.parseLong(Setting.DRAIN_GRACE.defaultValue())),
                Duration.ofMillis(Long.parseLong(Setting.DRAIN_TIMEOUT.defaultValue())));
    }

    static OpsSettings from(SettingReader r) {
        return new OpsSettings(
                r.bool(Setting.HEALTH_CONSUMER_REQUIRED),
                r.number(Setting.HEALTH_MAX_LAG, NO_LIMIT, Long.MAX_VALUE),
                r.bool(Setting.METRICS_ENABLED),
                r.millis(Setting.DRAIN_GRACE),
                r.millis(Setting.DRAIN_TIMEOUT));
    }

    /** Whether a lag limit is set. */
    public boolean limitsLag() {
        return maxLag != NO_LIMIT;
    }
}
