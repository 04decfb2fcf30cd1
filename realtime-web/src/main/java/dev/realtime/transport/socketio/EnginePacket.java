package dev.realtime.transport.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Engine.IO v4 text packet: a type digit followed by its data. Polling payloads carry several,
 * separated by the record separator {@code \x1e}.
 *
 * @param type the packet type
 * @param data what follows the type digit (may be empty)
 */
record EnginePacket(Type type, String data) {
    /** Separates the packets of one polling payload. */
    static final char SEPARATOR = '\u001e';

    static final String PING = "2";
    static final String NOOP = "6";
    static final String CLOSE = "1";

    enum Type {
        OPEN,
        CLOSE,
        PING,
        PONG,
        MESSAGE,
        UPGRADE,
        NOOP;

        char code() {
            return (char) ('0' + ordinal());
        }
    }

    EnginePacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    String encode() {
        return type.code() + data;
    }

    /**
     * Decodes one text packet. A binary packet ({@code b…}, base64 in polling) is reported as
     * {@code null}: this gateway refuses binary attachments at the Socket.IO level and drops their
     * data.
     *
     * @throws ProtocolException for an empty packet or an unknown type
     */
    static EnginePacket decode(String text) {
        if (text.isEmpty()) {
            throw new ProtocolException("empty Engine.IO packet");
        }
        char c = text.charAt(0);
        if (c == 'b') {
            return null;
        }
        if (c < '0' || c > '6') {
            throw new ProtocolException("unknown Engine.IO packet type " + c);
        }
        return new EnginePacket(Type.values()[c - '0'], text.substring(1));
    }

    /**
     * Decodes a polling request body: packets separated by {@code \x1e}; binary ones are left out.
     *
     * @throws ProtocolException when any packet is malformed
     */
    static List<EnginePacket> decodePayload(String body) {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            if (i == body.length() || body.charAt(i) == SEPARATOR) {
                EnginePacket packet = decode(body.substring(start, i));
                if (packet != null) {
                    packets.add(packet);
                }
                start = i + 1;
            }
        }
        return packets;
    }

    /** Joins encoded packets into one polling payload. */
    static String encodePayload(List<String> encoded) {
        return String.join(String.valueOf(SEPARATOR), encoded);
    }
}
