/**
 * The operations page ({@code /realtime/ops/}): off unless {@code realtime.ops.enabled}, open to
 * callers with {@code realtime.ops.role} only, fed by one SSE stream of the node's shared sampler.
 */
package dev.realtime.web.ops;
