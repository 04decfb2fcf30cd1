package dev.realtime.bench;

import dev.realtime.connection.Connection;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundQueue;
import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.websocket.PusherWireFormat;

/**
 * A connection that does what {@code PusherConnection} does on the delivery path, without I/O: it
 * takes the shared Pusher frame from the {@link Delivery} and offers it to its own
 * {@link OutboundQueue} under the node's {@link OutboundLimits}. Its writer counts the frame and its
 * bytes and either completes the write at once ({@code completes}: an idle, fast client, every offer
 * is written inline) or never (a client that stopped reading: the queue fills up to the limit, then
 * each offer takes the overflow path). Single-threaded, as the benchmarks use it.
 */
public final class BenchConnection implements Connection {
    private final String id;
    private final OutboundQueue<TextFrame> queue;
    private final boolean completes;
    private long written;
    private long bytes;
    private boolean disconnected;

    public BenchConnection(String id, OutboundLimits limits, boolean completes) {
        this.id = id;
        this.completes = completes;
        this.queue = limits.queue(
                0, TextFrame::retainedBytes, this::write, () -> disconnect(Disconnect.SLOW, "Over capacity"));
    }

    private void write(TextFrame frame) {
        written++;
        bytes += frame.byteLength();
        if (completes) {
            queue.written();
        }
    }

    @Override
    public void deliver(Delivery delivery) {
        queue.offer(delivery.encoded(PusherWireFormat.INSTANCE));
    }

    /** Frames handed to the writer so far. */
    public long written() {
        return written;
    }

    /** UTF-8 bytes of the frames handed to the writer so far. */
    public long bytes() {
        return bytes;
    }

    /** Frames waiting in the queue behind the write in flight. */
    public int queued() {
        return queue.size();
    }

    public boolean disconnected() {
        return disconnected;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "bench";
    }

    @Override
    public String userId() {
        return null;
    }

    @Override
    public void disconnect(Disconnect why, String reason) {
        disconnected = true;
    }
}
