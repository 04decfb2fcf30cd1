/**
 * The entry point: {@link dev.realtime.RealtimeManager} broadcasts events to this node's clients and
 * publishes them to the configured broker so that every other node delivers them too.
 */
package dev.realtime;
