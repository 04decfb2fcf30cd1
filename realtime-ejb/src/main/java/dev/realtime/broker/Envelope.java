package dev.realtime.broker;

import dev.realtime.history.HistoryPosition;
import dev.realtime.message.Json;
import dev.realtime.message.JsonScanner;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The broker wire format of a {@link Message}: one UTF-8 JSON object, the same for every broker, so
 * that any program can publish to our nodes or read what they publish:
 *
 * <pre>{@code
 * {"v":1,"id":"…","channel":"news","event":"created","origin":"node-a","ts":1700000000000,
 *  "except":"123.456","user":"42","offset":17,"epoch":"9c2f5e01aa3b","data":{…}}
 * }</pre>
 *
 * <p>{@code channel}, {@code event} and {@code data} (any JSON value) are required; {@code except}
 * and {@code user} appear only when set, {@code offset} and {@code epoch} (the message's {@link
 * HistoryPosition}) together and only on a history channel; a foreign publisher may leave out {@code id} (a random one
 * is given), {@code origin} ({@value #FOREIGN_ORIGIN}) and {@code ts} (the receive time). Unknown
 * members are ignored, so the format can grow. {@code data} is written last and copied verbatim,
 * never re-encoded.
 */
public final class Envelope {
    /** The format version written and accepted. */
    public static final int VERSION = 1;
    /** The origin given to messages that name none (published by a program other than a node). */
    public static final String FOREIGN_ORIGIN = "external";

    private Envelope() {}

    public static byte[] encode(Message m) {
        StringBuilder out = new StringBuilder(96 + m.data().length());
        out.append("{\"v\":").append(VERSION);
        out.append(",\"id\":").append(Json.quote(m.id()));
        out.append(",\"channel\":").append(Json.quote(m.channel()));
        out.append(",\"event\":").append(Json.quote(m.event()));
        out.append(",\"origin\":").append(Json.quote(m.originNodeId()));
        out.append(",\"ts\":").append(m.timestamp());
        if (m.exceptSocketId() != null) {
            out.append(",\"except\":").append(Json.quote(m.exceptSocketId()));
        }
        if (m.userId() != null) {
            out.append(",\"user\":").append(Json.quote(m.userId()));
        }
        if (m.position() != null) {
            out.append(",\"offset\":").append(m.position().offset());
            out.append(",\"epoch\":").append(Json.quote(m.position().epoch()));
        }
        out.append(",\"data\":").append(m.data()).append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException for anything that is not a valid envelope, with the reason
     */
    public static Message decode(byte[] bytes) {
        return decode(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException for anything that is not a valid envelope, with the reason
     */
    public static Message decode(String text) {
        try {
            return read(new JsonScanner(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().startsWith("malformed JSON: ")
                            ? "malformed envelope: " + e.getMessage().substring("malformed JSON: ".length())
                            : e.getMessage(),
                    e);
        }
    }

    private static Message read(JsonScanner in) {
        String id = null;
        String channel = null;
        String event = null;
        String origin = null;
        String except = null;
        String user = null;
        String data = null;
        String epoch = null;
        Long offset = null;
        long ts = -1;
        in.expect('{');
        if (!in.consume('}')) {
            do {
                String key = in.string();
                in.expect(':');
                switch (key) {
                    case "v" -> {
                        long version = in.integer();
                        if (version != VERSION) {
                            throw new IllegalArgumentException("unsupported envelope version " + version);
                        }
                    }
                    case "id" -> id = in.string();
                    case "channel" -> channel = in.string();
                    case "event" -> event = in.string();
                    case "origin" -> origin = in.string();
                    case "ts" -> ts = in.integer();
                    case "except" -> except = in.stringOrNull();
                    case "user" -> user = in.stringOrNull();
                    case "data" -> data = in.rawValue();
                    case "offset" -> offset = in.integer();
                    case "epoch" -> epoch = in.string();
                    default -> in.rawValue();
                }
            } while (in.consume(','));
            in.expect('}');
        }
        in.end();
        if (channel == null || event == null || data == null) {
            throw new IllegalArgumentException("envelope needs channel, event and data");
        }
        HistoryPosition position = position(offset, epoch);
        return new Message(
                id != null ? id : UUID.randomUUID().toString(),
                channel,
                event,
                data,
                ts >= 0 ? ts : System.currentTimeMillis(),
                origin != null ? origin : FOREIGN_ORIGIN,
                except,
                user,
                position);
    }

    /** Both or neither; an offset of 1 to 2^53 − 1 and a well-formed epoch. */
    private static HistoryPosition position(Long offset, String epoch) {
        if (epoch == null && offset == null) {
            return null;
        }
        if (epoch == null || offset == null || offset < 1 || offset > HistoryPosition.OFFSET_LIMIT) {
            throw new IllegalArgumentException(
                    "envelope needs offset (1 to " + HistoryPosition.OFFSET_LIMIT + ") and epoch together");
        }
        if (!HistoryPosition.validEpoch(epoch)) {
            throw new IllegalArgumentException(
                    "envelope epoch must be 1 to " + HistoryPosition.EPOCH_LIMIT + " characters of A-Z a-z 0-9 _ -");
        }
        return new HistoryPosition(offset, epoch);
    }
}
