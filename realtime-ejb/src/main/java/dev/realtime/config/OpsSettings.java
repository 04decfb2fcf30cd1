package dev.realtime.config;

/**
 * What readiness requires and whether the metrics are served ({@code realtime.health.*},
 * {@code realtime.metrics.enabled}).
 *
 * @param consumerRequired ready only while a consumer job runs in this server
 * @param maxLag consumer lag (messages) over which the node is not ready; {@code -1}: no limit
 * @param metricsEnabled whether {@code GET /realtime/metrics} answers
 */
public record OpsSettings(boolean consumerRequired, long maxLag, boolean metricsEnabled) {

    /** No lag limit. */
    public static final long NO_LIMIT = -1;

    static OpsSettings from(SettingReader r) {
        return new OpsSettings(
                r.bool(Setting.HEALTH_CONSUMER_REQUIRED),
                r.number(Setting.HEALTH_MAX_LAG, NO_LIMIT, Long.MAX_VALUE),
                r.bool(Setting.METRICS_ENABLED));
    }

    /** Whether a lag limit is set. */
    public boolean limitsLag() {
        return maxLag != NO_LIMIT;
    }
}
