package dev.realtime.transport.socketio;

import dev.realtime.web.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.util.Objects;
import java.util.Set;

/**
 * One Socket.IO v5 packet, carried in an Engine.IO message: {@code <type>[<attachments>-][/nsp,][ackId][json]}.
 *
 * @param type the packet type
 * @param namespace {@code /} or the namespace the packet belongs to
 * @param ackId the acknowledgement id, or {@code null}
 * @param data the JSON payload, or {@code null} when there is none
 */
record SocketPacket(Type type, String namespace, Long ackId, JsonValue data) {
    static final String ROOT = "/";
    /** Event names a peer may not send: the client library raises them itself. */
    static final Set<String> RESERVED =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private static final int MAX_ACK_DIGITS = 15;

    enum Type {
        CONNECT,
        DISCONNECT,
        EVENT,
        ACK,
        CONNECT_ERROR,
        BINARY_EVENT,
        BINARY_ACK;

        char code() {
            return (char) ('0' + ordinal());
        }

        boolean binary() {
            return this == BINARY_EVENT || this == BINARY_ACK;
        }
    }

    SocketPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** The event name of an EVENT packet. */
    String event() {
        return data.asJsonArray().getString(0);
    }

    /** The arguments of an EVENT packet after its name. */
    JsonArray args() {
        JsonArray all = data.asJsonArray();
        return JsonP.arrayBuilder(all.subList(1, all.size())).build();
    }

    /**
     * Decodes a packet the way socket.io-parser does, including its payload checks.
     *
     * @throws ProtocolException when it is not a valid Socket.IO packet
     */
    static SocketPacket decode(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw new ProtocolException("unknown Socket.IO packet type");
        }
        Type type = Type.values()[text.charAt(0) - '0'];
        int i = 1;
        if (type.binary()) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || !digits(text, i, dash)) {
                throw new ProtocolException("binary packet without an attachment count");
            }
            i = dash + 1;
        }
        String namespace = ROOT;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        int idStart = i;
        while (i < text.length() && asciiDigit(text.charAt(i))) {
            i++;
        }
        Long ackId = null;
        if (i > idStart) {
            if (i - idStart > MAX_ACK_DIGITS) {
                throw new ProtocolException("acknowledgement id too long");
            }
            ackId = Long.parseLong(text, idStart, i, 10);
        }
        JsonValue data = i < text.length() ? parse(text.substring(i)) : null;
        SocketPacket packet = new SocketPacket(type, namespace, ackId, data);
        if (!packet.validPayload()) {
            throw new ProtocolException("invalid payload for a " + type + " packet");
        }
        return packet;
    }

    private boolean validPayload() {
        return switch (type) {
            case CONNECT -> data == null || data.getValueType() == JsonValue.ValueType.OBJECT;
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null
                    && (data.getValueType() == JsonValue.ValueType.STRING
                            || data.getValueType() == JsonValue.ValueType.OBJECT);
            case EVENT, BINARY_EVENT -> data != null
                    && data.getValueType() == JsonValue.ValueType.ARRAY
                    && !data.asJsonArray().isEmpty()
                    && data.asJsonArray().get(0) instanceof JsonString name
                    && !RESERVED.contains(name.getString());
            case ACK, BINARY_ACK -> data != null && data.getValueType() == JsonValue.ValueType.ARRAY;
        };
    }

    /** Encodes a packet whose payload is already JSON text ({@code null}: none). */
    static String encode(Type type, String namespace, Long ackId, String json) {
        StringBuilder out = new StringBuilder(8 + (json != null ? json.length() : 0));
        out.append(type.code());
        if (!ROOT.equals(namespace)) {
            out.append(namespace).append(',');
        }
        if (ackId != null) {
            out.append(ackId);
        }
        if (json != null) {
            out.append(json);
        }
        return out.toString();
    }

    /** Exactly one JSON value, nothing after it. */
    private static JsonValue parse(String json) {
        boolean trailing;
        JsonValue value;
        try (JsonParser parser = JsonP.parser(json)) {
            parser.next();
            value = parser.getValue();
            trailing = parser.hasNext();
        } catch (RuntimeException e) {
            // JsonParsingException, and Parsson's plain RuntimeException for input nested too deeply
            throw new ProtocolException("payload is not JSON");
        }
        if (trailing) {
            throw new ProtocolException("payload has more than one JSON value");
        }
        return value;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!asciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return to - from <= 9;
    }

    /** Only 0-9, as socket.io-parser reads numbers ({@link Character#isDigit} takes any script's digits). */
    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
