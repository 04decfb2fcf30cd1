package dev.realtime.bench;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Message;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.jboss.resteasy.plugins.providers.sse.SseImpl;

/**
 * Messages and wire formats shared by the benchmarks and their unit test.
 *
 * <p>Only {@code PusherFrames.EVENT} is public. The other formats are package-private constants of
 * realtime-web ({@code SocketIoFrames.EVENT}, {@code PollClient.FORMAT}) or a package-private class
 * ({@code SseEvents}, which needs the container's {@link Sse}); they are read once here by
 * reflection, and the benchmarks then call the public {@link WireFormat#encode} on them, so nothing
 * reflective is on the measured path. The SSE format is built over RESTEasy's {@link SseImpl}, the
 * JAX-RS implementation WildFly ships. Each format instance takes one of the 16 cache slots of a
 * {@code Delivery}, hence one instance per JVM.
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

    public static final WireFormat<dev.realtime.transport.io.TextFrame> SOCKET_IO =
            constant("dev.realtime.transport.socketio.SocketIoFrames", "EVENT");
    public static final WireFormat<String> LONG_POLL = constant("dev.realtime.transport.longpoll.PollClient", "FORMAT");
    public static final WireFormat<OutboundSseEvent> SSE = sse(new SseImpl());

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

    @SuppressWarnings("unchecked")
    private static <T> WireFormat<T> constant(String className, String field) {
        try {
            Field f = Class.forName(className).getDeclaredField(field);
            f.setAccessible(true);
            return (WireFormat<T>) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No wire format " + className + "." + field, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static WireFormat<OutboundSseEvent> sse(Sse sse) {
        try {
            Constructor<?> c =
                    Class.forName("dev.realtime.transport.sse.SseEvents").getDeclaredConstructor(Sse.class);
            c.setAccessible(true);
            return (WireFormat<OutboundSseEvent>) c.newInstance(sse);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No SSE wire format", e);
        }
    }
}
