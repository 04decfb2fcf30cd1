package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Json;
import dev.realtime.web.FuzzInputs;
import dev.realtime.web.JsonP;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes Socket.IO packets as a client sends them: {@link SocketPacket#decode} returns a packet
 * whose payload suits its type, or throws {@link ProtocolException}, nothing else; it reads back
 * what {@link SocketPacket#encode} writes.
 */
class SocketPacketFuzzTest {

    /** A valid packet: type, namespace, ack id and a payload that suits the type. */
    record Parts(SocketPacket.Type type, String namespace, Long ackId, String json) {
        String encode() {
            return SocketPacket.encode(type, namespace, ackId, json);
        }
    }

    @Provide
    Arbitrary<Parts> parts() {
        Arbitrary<String> namespace = Arbitraries.oneOf(
                Arbitraries.of(SocketPacket.ROOT, "/chat", "/admin"),
                FuzzInputs.anyString().map(s -> "/" + s.replace(',', '_')));
        Arbitrary<Long> ackId =
                Arbitraries.longs().between(0, 999_999_999_999_999L).injectNull(0.5);
        Arbitrary<String> value = FuzzInputs.json(2);
        Arbitrary<String> eventName = FuzzInputs.anyString().filter(n -> !SocketPacket.RESERVED.contains(n));
        Arbitrary<String> array = value.list().ofMaxSize(3).map(args -> "[" + String.join(",", args) + "]");
        Arbitrary<String> event = Combinators.combine(eventName, value.list().ofMaxSize(3))
                .as((name, args) ->
                        "[" + Json.quote(name) + args.stream().map(a -> "," + a).reduce("", String::concat) + "]");
        Arbitrary<String> object =
                Combinators.combine(FuzzInputs.anyString(), value).as((k, v) -> "{" + Json.quote(k) + ":" + v + "}");
        Arbitrary<String> none = Arbitraries.just(null);
        return Arbitraries.oneOf(
                parts(SocketPacket.Type.CONNECT, namespace, ackId, Arbitraries.oneOf(object, none)),
                parts(SocketPacket.Type.DISCONNECT, namespace, ackId, none),
                parts(SocketPacket.Type.EVENT, namespace, ackId, event),
                parts(SocketPacket.Type.ACK, namespace, ackId, array),
                parts(
                        SocketPacket.Type.CONNECT_ERROR,
                        namespace,
                        ackId,
                        Arbitraries.oneOf(object, FuzzInputs.anyString().map(Json::quote))));
    }

    private static Arbitrary<Parts> parts(
            SocketPacket.Type type, Arbitrary<String> namespace, Arbitrary<Long> ackId, Arbitrary<String> json) {
        return Combinators.combine(namespace, ackId, json).as((ns, id, j) -> new Parts(type, ns, id, j));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> binary = Combinators.combine(
                        Arbitraries.of("5", "6"), Arbitraries.integers().between(0, 99), parts().map(Parts::encode))
                .as((type, attachments, rest) -> type + attachments + "-" + rest.substring(1));
        return FuzzInputs.nearValid(Arbitraries.oneOf(parts().map(Parts::encode), binary));
    }

    @Property
    void decodeGivesAPacketThatSuitsItsTypeOrProtocolException(@ForAll("texts") String text) {
        SocketPacket packet;
        try {
            packet = SocketPacket.decode(text);
        } catch (ProtocolException refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertTrue(packet.namespace().startsWith("/"));
        assertFalse(packet.namespace().contains(","));
        if (packet.ackId() != null) {
            // as socket.io-parser reads it: ASCII digits (leading zeros allowed)
            String rest = afterNamespace(text);
            int digits = 0;
            while (digits < rest.length() && rest.charAt(digits) >= '0' && rest.charAt(digits) <= '9') {
                digits++;
            }
            assertTrue(digits > 0, () -> "ack id not in ASCII digits: " + text);
            assertEquals(Long.parseLong(rest.substring(0, digits)), packet.ackId(), text);
        }
        if (packet.type() == SocketPacket.Type.EVENT || packet.type() == SocketPacket.Type.BINARY_EVENT) {
            assertFalse(SocketPacket.RESERVED.contains(packet.event()));
            assertEquals(packet.data().asJsonArray().size() - 1, packet.args().size());
        }
        if (!packet.type().binary()) {
            // what was read encodes to a packet that reads the same
            String again = SocketPacket.encode(
                    packet.type(),
                    packet.namespace(),
                    packet.ackId(),
                    packet.data() == null ? null : packet.data().toString());
            assertEquals(packet, SocketPacket.decode(again));
        }
    }

    /** The text after the type, attachment count and namespace: where the ack id is. */
    private static String afterNamespace(String text) {
        String rest = text.substring(1);
        if (text.charAt(0) == '5' || text.charAt(0) == '6') {
            rest = rest.substring(rest.indexOf('-') + 1);
        }
        return rest.startsWith("/") ? rest.substring(rest.indexOf(',') + 1) : rest;
    }

    @Property
    void packetsReadBackUnchanged(@ForAll("parts") Parts parts) {
        SocketPacket packet = SocketPacket.decode(parts.encode());
        assertEquals(parts.type(), packet.type());
        assertEquals(parts.namespace(), packet.namespace());
        assertEquals(parts.ackId(), packet.ackId());
        assertEquals(parts.json() == null ? null : read(parts.json()), packet.data());
    }

    private static JsonValue read(String json) {
        try (JsonReader reader = JsonP.reader(json)) {
            return reader.readValue();
        }
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfNestingIsRefused() {
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("2[\"a\"," + "[".repeat(1 << 20)));
    }

    @Test
    void aMegabyteAckIdIsRefused() {
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("2" + "9".repeat(1 << 20) + "[\"a\"]"));
    }

    @Test
    void aMegabyteOfArgumentsIsRead() {
        SocketPacket packet = SocketPacket.decode("2[\"a\"" + ",0".repeat(1 << 19) + "]");
        assertEquals(1 << 19, packet.args().size());
    }

    @Test
    void aMegabyteNamespaceIsReadOrRefused() {
        String namespace = "/" + "n".repeat(1 << 20);
        try {
            assertEquals(namespace, SocketPacket.decode("0" + namespace + ",").namespace());
        } catch (ProtocolException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Test
    void aMegabyteOfBinaryAttachmentDigitsIsRefused() {
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("5" + "1".repeat(1 << 20) + "-[\"a\"]"));
    }

    /** Found by the fuzzer: digits of other scripts (Character.isDigit) were read as an ack id. */
    @Test
    void ackIdsAndAttachmentCountsAreAsciiDigits() {
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("3\u0663[]"));
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("2\uff11\uff12[\"a\"]"));
        assertThrows(ProtocolException.class, () -> SocketPacket.decode("5\u0661-[\"a\"]"));
        assertEquals(3L, SocketPacket.decode("33[]").ackId());
    }
}
