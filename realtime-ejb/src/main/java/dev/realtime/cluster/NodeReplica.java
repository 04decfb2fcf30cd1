package dev.realtime.cluster;

import dev.realtime.presence.PresenceMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node knows of one other node, from its messages on the cluster channel: which run
 * of it ({@code boot}), the next sequence number expected, when it was last heard, its connection
 * count and per-channel subscription counts, and a snapshot being put together from its parts.
 * Its presence members live in {@link dev.realtime.presence.Presence}. Guarded by the owning
 * {@link Cluster}.
 */
final class NodeReplica {
    final String node;
    final String boot;
    long nextSeq;
    long lastHeardNanos;
    long lastSyncRequestNanos;
    int connections;
    final Map<String, Integer> counts = new HashMap<>();
    /** The parts of a snapshot received so far, or {@code null}. */
    Assembly assembly;

    NodeReplica(String node, String boot, long nextSeq, long now) {
        this.node = node;
        this.boot = boot;
        this.nextSeq = nextSeq;
        this.lastHeardNanos = now;
    }

    /** Sets a channel's count; 0 removes it. */
    void count(String channel, int subscribers) {
        if (subscribers > 0) {
            counts.put(channel, subscribers);
        } else {
            counts.remove(channel);
        }
    }

    /** A snapshot arriving in {@code parts} consecutive messages. */
    static final class Assembly {
        final int parts;
        int received;
        long lastSeq;
        int connections;
        final Map<String, Integer> counts = new HashMap<>();
        final Map<String, List<PresenceMember>> presence = new HashMap<>();

        Assembly(int parts, long seq) {
            this.parts = parts;
            this.lastSeq = seq - 1;
        }

        /** Adds part {@code part} at {@code seq}; false when it is not the next one. */
        boolean add(int part, long seq, ControlCodec.Snapshot content) {
            if (part != received || seq != lastSeq + 1) {
                return false;
            }
            received++;
            lastSeq = seq;
            connections = content.connections();
            counts.putAll(content.counts());
            content.presence().forEach((channel, members) -> presence.computeIfAbsent(channel, c -> new ArrayList<>())
                    .addAll(members));
            return true;
        }

        boolean complete() {
            return received == parts;
        }
    }
}
