/**
 * Operations: the shared rate-limited warning ({@link dev.realtime.ops.RateLimitedLog}) and the
 * readiness rules ({@link dev.realtime.ops.Readiness}).
 */
package dev.realtime.ops;
