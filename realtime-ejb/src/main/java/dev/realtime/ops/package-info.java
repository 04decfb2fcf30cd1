/** Operations: the shared rate-limited warning ({@link dev.realtime.ops.RateLimitedLog}). */
package dev.realtime.ops;
