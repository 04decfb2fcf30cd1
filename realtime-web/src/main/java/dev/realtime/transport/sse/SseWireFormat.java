package dev.realtime.transport.sse;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;

/**
 * The SSE transport's wire format. Each message becomes one event, built once and shared by every
 * stream:
 *
 * <pre>
 * id: &lt;message id&gt;
 * event: &lt;event name&gt;
 * data: {"channel":"…","event":"…","data":&lt;payload JSON&gt;}
 * </pre>
 *
 * <p>The {@code id} and {@code event} values never carry a line break, whatever their source (a
 * broker message from elsewhere, a future caller): RESTEasy writes them as given, so a CR or LF
 * would start a line of the attacker's choosing. {@link #field} replaces each with a space.
 *
 * <p>It needs the container's {@link Sse}, so it is no constant: the registry creates it once per
 * node. Thread-safe; also builds the stream's own {@code realtime:connected} and keep-alive events.
 */
public final class SseWireFormat extends WireFormat<OutboundSseEvent> {
    /** The {@code retry:} a draining node gives its SSE clients, in milliseconds. */
    static final long DRAIN_RETRY_MILLIS = 1000;
    /** The event a draining node's SSE streams end with. */
    static final String RECONNECT_EVENT = "realtime:reconnect";

    private final Sse sse;
    private final OutboundSseEvent keepAlive;

    public SseWireFormat(Sse sse) {
        this.sse = sse;
        this.keepAlive = sse.newEventBuilder().comment("keep-alive").build();
    }

    @Override
    public OutboundSseEvent encode(Message m) {
        return sse.newEventBuilder()
                .id(field(m.id()))
                .name(field(m.event()))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data(m))
                .build();
    }

    /** {@code value} safe for an SSE {@code id:} or {@code event:} field: CR and LF become spaces. */
    static String field(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return value.replace('\n', ' ').replace('\r', ' ');
    }

    /** The {@code data:} line; raw line breaks can only be whitespace in JSON, so they become spaces. */
    static String data(Message m) {
        StringBuilder out = new StringBuilder(
                m.data().length() + m.channel().length() + m.event().length() + 40);
        out.append("{\"channel\":");
        Json.quote(out, m.channel()).append(",\"event\":");
        Json.quote(out, m.event()).append(",\"data\":");
        for (int i = 0; i < m.data().length(); i++) {
            char c = m.data().charAt(i);
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.append('}').toString();
    }

    OutboundSseEvent keepAlive() {
        return keepAlive;
    }

    /**
     * {@code event: realtime:reconnect}, {@code retry: 1000} and {@code data: {"reason":"draining"}}:
     * sent before the stream ends when the node drains, so that an {@code EventSource} reconnects
     * after a second (through the load balancer, to another node) and resumes with {@code
     * Last-Event-ID}. It carries data because RESTEasy writes no {@code retry:} for an event without.
     */
    OutboundSseEvent reconnectElsewhere() {
        return sse.newEventBuilder()
                .name(RECONNECT_EVENT)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, "{\"reason\":\"draining\"}")
                .reconnectDelay(DRAIN_RETRY_MILLIS)
                .build();
    }

    /** {@code event: realtime:connected} with the connection id, channels and whether it resumed. */
    OutboundSseEvent connected(String connectionId, List<String> channels, boolean resumed) {
        StringBuilder data = new StringBuilder("{\"connection\":");
        Json.quote(data, connectionId).append(",\"channels\":[");
        for (int i = 0; i < channels.size(); i++) {
            Json.quote(i == 0 ? data : data.append(','), channels.get(i));
        }
        data.append("],\"resumed\":").append(resumed).append('}');
        return sse.newEventBuilder()
                .name("realtime:connected")
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data.toString())
                .build();
    }
}
