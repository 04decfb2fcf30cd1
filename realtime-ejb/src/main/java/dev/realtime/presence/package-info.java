/**
 * Presence: who is on each presence channel in the cluster. {@link dev.realtime.presence.Presence}
 * decides joins and leaves (first connection anywhere, last connection anywhere) from this node's
 * exact membership ({@link dev.realtime.presence.LocalPresenceRegistry}) and the other nodes'
 * replicated members.
 */
package dev.realtime.presence;
