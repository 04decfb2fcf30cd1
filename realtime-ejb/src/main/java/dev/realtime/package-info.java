/**
 * The entry point: {@link dev.realtime.RealtimeManager}, the public API, broadcasts events to this
 * node's clients and publishes them to the configured broker so that every other node delivers them
 * too. Its internals live in {@code dev.realtime.node}, which applications do not use.
 */
package dev.realtime;
