/** {@code GET /realtime/metrics}: the node's counters in the Prometheus text format. */
package dev.realtime.web.metrics;
