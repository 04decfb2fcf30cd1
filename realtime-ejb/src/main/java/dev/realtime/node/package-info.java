/**
 * This node's internals, wired once in {@link dev.realtime.node.RealtimeNode}: what the transports
 * and the consumer job receive by injection. Not for applications, which use
 * {@link dev.realtime.RealtimeManager}.
 */
package dev.realtime.node;
