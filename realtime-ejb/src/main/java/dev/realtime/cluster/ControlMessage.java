package dev.realtime.cluster;

import dev.realtime.message.Message;
import jakarta.json.JsonObject;

/**
 * One received cluster message, parsed: its op (the event), sender, run and sequence number, and
 * what it does to this node's view of the sender ({@link #applyTo}).
 */
record ControlMessage(String op, String node, String boot, long seq, long timestamp, JsonObject data) {

    static ControlMessage of(Message message) {
        JsonObject data = ControlCodec.parse(message.data());
        return new ControlMessage(
                message.event(),
                message.originNodeId(),
                ControlCodec.text(data, "boot"),
                ControlCodec.number(data, "seq"),
                message.timestamp(),
                data);
    }

    void applyTo(Cluster cluster) {
        if (cluster.isSelf(node)) {
            if (op.equals(ControlCodec.HEARTBEAT)) {
                cluster.ownHeartbeat(boot, ControlCodec.number(data, "sent"));
            }
            return;
        }
        boolean snapshotStart = op.equals(ControlCodec.SNAPSHOT) && ControlCodec.number(data, "part") == 0;
        synchronized (cluster) {
            NodeReplica replica = cluster.accept(node, boot, seq, timestamp, snapshotStart);
            if (replica != null) {
                apply(cluster, replica);
            }
        }
    }

    private void apply(Cluster cluster, NodeReplica replica) {
        switch (op) {
            case ControlCodec.HEARTBEAT -> replica.connections = (int) ControlCodec.number(data, "connections");
            case ControlCodec.JOIN -> cluster.presence()
                    .remoteJoined(node, ControlCodec.text(data, "channel"), ControlCodec.member(data.get("member")));
            case ControlCodec.LEAVE -> cluster.presence()
                    .remoteLeft(node, ControlCodec.text(data, "channel"), ControlCodec.text(data, "user"));
            case ControlCodec.COUNTS -> ControlCodec.content(data).counts().forEach(replica::count);
            case ControlCodec.SNAPSHOT -> snapshotPart(cluster, replica);
            case ControlCodec.SYNC -> cluster.snapshotRequested(ControlCodec.text(data, "node"));
            case ControlCodec.USER_EVENT -> cluster.users()
                    .deliver(
                            ControlCodec.text(data, "user"),
                            ControlCodec.text(data, "event"),
                            data.get("data").toString());
            case ControlCodec.TERMINATE -> cluster.users().terminate(ControlCodec.text(data, "user"));
            default -> throw new IllegalArgumentException("unknown cluster op " + op);
        }
    }

    private void snapshotPart(Cluster cluster, NodeReplica replica) {
        int part = (int) ControlCodec.number(data, "part");
        int parts = (int) ControlCodec.number(data, "parts");
        if (part == 0) {
            replica.assembly = new NodeReplica.Assembly(parts, seq);
        }
        NodeReplica.Assembly assembly = replica.assembly;
        if (assembly == null || !assembly.add(part, seq, ControlCodec.content(data))) {
            replica.assembly = null; // a part missing: the next gap asks for another snapshot
            return;
        }
        if (assembly.complete()) {
            replica.assembly = null;
            cluster.snapshotComplete(replica, assembly);
        }
    }
}
