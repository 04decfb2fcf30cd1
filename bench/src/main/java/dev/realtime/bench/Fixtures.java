package dev.realtime.bench;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Message;
import dev.realtime.transport.io.TextFrame;
import dev.realtime.transport.longpoll.LongPollWireFormat;
import dev.realtime.transport.socketio.SocketIoWireFormat;
import dev.realtime.transport.sse.SseWireFormat;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.jboss.resteasy.plugins.providers.sse.SseImpl;

/**
 * Messages and wire formats shared by the benchmarks and their unit test.
 *
 * <p>Every transport's wire format is a public class of its package ({@code PusherWireFormat},
 * {@code SocketIoWireFormat}, {@code LongPollWireFormat}, {@code SseWireFormat}); the SSE one needs a
 * JAX-RS {@code Sse} and is built here over RESTEasy's {@link SseImpl}, the implementation WildFly
 * ships. Each format instance takes one of the 16 cache slots of a {@code Delivery}, hence one
 * instance per JVM.
 */
public final class Fixtures {
    /** A typical application payload: 96 bytes of ASCII JSON. */
    public static final String ASCII_PAYLOAD =
            "{\"order\":48213,\"status\":\"shipped\",\"carrier\":\"DHL\",\"eta\":\"2026-11-28T14:00Z\",\"items\":[3,7,12,41]}";

    /** Accents, CJK and an emoji: 84 chars, 111 UTF-8 bytes (a UTF-16 string, unlike the ASCII one). */
    public static final String NON_ASCII_PAYLOAD =
            "{\"user\":\"Zoë Müller\",\"text\":\"Grüße aus Zürich — 東京で会いましょう 🎉\",\"lang\":\"de\",\"ok\":true}";

    public static final String CHANNEL = "private-orders.eu-west-1";
    public static final String EVENT = "order-shipped";

    public static final WireFormat<TextFrame> SOCKET_IO = SocketIoWireFormat.INSTANCE;
    public static final WireFormat<String> LONG_POLL = LongPollWireFormat.INSTANCE;
    public static final WireFormat<OutboundSseEvent> SSE = new SseWireFormat(new SseImpl());

    private Fixtures() {}

    /** A message as {@code RealtimeManager.broadcast} makes it, with {@code payload} as its JSON data. */
    public static Message message(String channel, String payload) {
        return new Message("5f2c9a1b3e7d-1a2b", channel, EVENT, payload, 1_764_253_200_000L, "node-1", null);
    }

    /** {@code ascii} or {@code non-ascii}. */
    public static String payload(String kind) {
        return switch (kind) {
            case "ascii" -> ASCII_PAYLOAD;
            case "non-ascii" -> NON_ASCII_PAYLOAD;
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
