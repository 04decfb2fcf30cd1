/**
 * Presence: who is on each presence channel, behind {@link dev.realtime.presence.PresenceRegistry}
 * so that membership can later be shared across nodes; {@link
 * dev.realtime.presence.LocalPresenceRegistry} is exact on one node.
 */
package dev.realtime.presence;
