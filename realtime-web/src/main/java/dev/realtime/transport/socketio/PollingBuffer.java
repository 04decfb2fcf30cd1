package dev.realtime.transport.socketio;

import dev.realtime.connection.ByteBudget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The packets an Engine.IO polling client has not fetched yet, and its parked GET. Bounded in
 * packets ({@code realtime.limits.outbound-queue}) and in bytes: each packet reserves what it keeps
 * in memory from the client's {@link ByteBudget} ({@code realtime.limits.outbound-bytes}, drawn
 * from the node's {@code realtime.limits.node-outbound-bytes}); a packet that does not fit is
 * refused and the session applies the outbound policy. {@link #close()} gives every byte back.
 *
 * <p>Not thread-safe: guarded by the owning {@link EngineSession}'s monitor. Never blocks.
 */
final class PollingBuffer {
    private final ArrayDeque<String> packets = new ArrayDeque<>();
    private final int limit;
    private final ByteBudget bytes;
    private EngineSession.PollReply waiting;

    /**
     * @param limit packets that may wait
     * @param bytes the client's byte budget; this buffer closes it
     */
    PollingBuffer(int limit, ByteBudget bytes) {
        this.limit = limit;
        this.bytes = bytes;
    }

    /** Keeps {@code packet} for the next GET; false (nothing kept) when it does not fit. */
    boolean add(String packet) {
        if (packets.size() >= limit || !bytes.tryReserve(retainedBytes(packet))) {
            return false;
        }
        packets.add(packet);
        return true;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /** Every waiting packet as one polling payload ({@code \x1e}-separated); the buffer is then empty. */
    String drain() {
        return EnginePacket.encodePayload(takeAll());
    }

    /** Every waiting packet, oldest first (the upgrade's flush); the buffer is then empty. */
    List<String> takeAll() {
        List<String> all = new ArrayList<>(packets);
        packets.clear();
        all.forEach(p -> bytes.release(retainedBytes(p)));
        return all;
    }

    /** The parked GET, or {@code null}. */
    EngineSession.PollReply waiting() {
        return waiting;
    }

    void park(EngineSession.PollReply reply) {
        waiting = reply;
    }

    /** Unparks and returns the parked GET, or {@code null} when none waits. */
    EngineSession.PollReply unpark() {
        EngineSession.PollReply reply = waiting;
        waiting = null;
        return reply;
    }

    /** Bytes reserved now, for tests and diagnostics. */
    long heldBytes() {
        return bytes.held();
    }

    /** The session ended: the packets are forgotten and their bytes go back to the node. Idempotent. */
    void close() {
        packets.clear();
        bytes.close();
    }

    /** What a waiting packet keeps in memory: its String at two bytes a character (at most), plus headers. */
    static long retainedBytes(String packet) {
        return 2L * packet.length() + 64;
    }
}
