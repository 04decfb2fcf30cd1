package dev.realtime.config;

import java.time.Duration;

/**
 * How the nodes of a cluster keep each other's state ({@code realtime.cluster.*}): presence
 * members, subscription and connection counts, users. Each node sends a heartbeat every
 * {@code heartbeat}; a node not heard from for {@code nodeTtl} is evicted (its presence members
 * leave).
 *
 * @param replication whether the nodes share this state at all (else each answers for itself)
 * @param heartbeat time between a node's heartbeats
 * @param nodeTtl silence after which another node is evicted; at least two heartbeats
 * @param maxNodes other nodes one node keeps state for; messages of more are ignored (counted)
 */
public record ClusterSettings(boolean replication, Duration heartbeat, Duration nodeTtl, int maxNodes) {

    static ClusterSettings from(SettingReader r) {
        Duration heartbeat = Duration.ofMillis(r.number(Setting.CLUSTER_HEARTBEAT, 100, 3_600_000));
        Duration ttl = r.millis(Setting.CLUSTER_NODE_TTL);
        if (ttl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("Configuration " + Setting.CLUSTER_NODE_TTL.key() + "=" + ttl.toMillis()
                    + " must be at least twice " + Setting.CLUSTER_HEARTBEAT.key() + " (" + heartbeat.toMillis() + ")");
        }
        return new ClusterSettings(
                r.bool(Setting.CLUSTER_REPLICATION), heartbeat, ttl, r.positive(Setting.CLUSTER_MAX_NODES));
    }
}
