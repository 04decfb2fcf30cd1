package dev.realtime.transport.longpoll;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Json;
import dev.realtime.message.Message;

/**
 * The long-polling transport's wire format: one element of an answer's {@code messages} array,
 * {@code {"id","channel","event","data","timestamp"}} with the payload as raw JSON. Encoded once per
 * message for every client; stateless and thread-safe.
 */
public final class LongPollWireFormat extends WireFormat<String> {
    /** The one instance (each wire format takes a cache slot of every delivery). */
    public static final LongPollWireFormat INSTANCE = new LongPollWireFormat();

    private LongPollWireFormat() {}

    @Override
    public String encode(Message m) {
        StringBuilder out = new StringBuilder(m.data().length() + 96);
        out.append("{\"id\":");
        Json.quote(out, m.id()).append(",\"channel\":");
        Json.quote(out, m.channel()).append(",\"event\":");
        Json.quote(out, m.event()).append(",\"data\":").append(m.data());
        return out.append(",\"timestamp\":").append(m.timestamp()).append('}').toString();
    }
}
