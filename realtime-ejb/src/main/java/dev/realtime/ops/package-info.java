/**
 * Operations: the shared rate-limited warning ({@link dev.realtime.ops.RateLimitedLog}), the
 * readiness rules ({@link dev.realtime.ops.Readiness}) and the node's counters as Prometheus text
 * ({@link dev.realtime.ops.NodeMetrics}, {@link dev.realtime.ops.PrometheusText}), and the
 * operations page's shared sampler ({@link dev.realtime.ops.OpsSampler}).
 */
package dev.realtime.ops;
