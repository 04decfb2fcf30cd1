package dev.realtime.bench;

import dev.realtime.connection.Delivery;
import dev.realtime.message.Message;
import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.websocket.PusherWireFormat;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding one message into each wire format, and reading an encoding back from a {@link Delivery}.
 *
 * <p>Why it matters for fan-out: a broadcast is encoded once per wire format in use, whatever the
 * number of recipients ({@code Delivery} caches each encoding), so {@code pusherEvent},
 * {@code socketIoEvent}, {@code sseEvent} and {@code longPollEvent} are a per-message cost, paid on
 * the broadcasting thread before the first recipient gets it. {@code deliveryFirstUse} is that cost as
 * {@code FanOut} pays it (a new {@code Delivery} and its cache, then the Pusher encoding);
 * {@code deliveryCacheHit} is what every further recipient pays for its frame, so it multiplies by
 * the audience. The payload is a ~100-byte JSON object, ASCII or with non-ASCII text (which makes
 * the Java strings UTF-16 and the UTF-8 encoding of the frame slower).
 *
 * <p>Not included: per-write work of the transports (a {@code ByteBuffer} view per WebSocket send;
 * for SSE, RESTEasy serializes the event on every stream it is written to).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {

    @Param({"ascii", "non-ascii"})
    public String payload;

    Message message;
    Delivery warm;

    @Setup
    public void setup() {
        message = Fixtures.message(Fixtures.CHANNEL, Fixtures.payload(payload));
        warm = new Delivery(message);
        warm.encoded(PusherWireFormat.INSTANCE);
    }

    /** Pusher {@code {"event","channel","data":"<payload as a JSON string>"}}, text and UTF-8 bytes. */
    @Benchmark
    public TextFrame pusherEvent() {
        return PusherWireFormat.INSTANCE.encode(message);
    }

    /** Socket.IO {@code 42["event","channel",payload]}, text and UTF-8 bytes. */
    @Benchmark
    public TextFrame socketIoEvent() {
        return Fixtures.SOCKET_IO.encode(message);
    }

    /** SSE {@code id/event/data} event built with RESTEasy's builder (serialized later, per stream). */
    @Benchmark
    public OutboundSseEvent sseEvent() {
        return Fixtures.SSE.encode(message);
    }

    /** Long-polling {@code {"id","channel","event","data","timestamp"}} JSON text. */
    @Benchmark
    public String longPollEvent() {
        return Fixtures.LONG_POLL.encode(message);
    }

    /** What {@code FanOut} pays once per message: a new {@code Delivery}, then the Pusher encoding. */
    @Benchmark
    public TextFrame deliveryFirstUse() {
        return new Delivery(message).encoded(PusherWireFormat.INSTANCE);
    }

    /** What every further recipient pays: the cached Pusher frame from the shared {@code Delivery}. */
    @Benchmark
    public TextFrame deliveryCacheHit() {
        return warm.encoded(PusherWireFormat.INSTANCE);
    }
}
