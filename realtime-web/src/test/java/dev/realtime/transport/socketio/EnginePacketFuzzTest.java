package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.web.FuzzInputs;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes Engine.IO packets and polling payloads as a client sends them: {@link
 * EnginePacket#decode} and {@link EnginePacket#decodePayload} return packets or throw {@link
 * ProtocolException}, nothing else, and read back what the encoders write.
 */
class EnginePacketFuzzTest {

    /** Packet data as clients send it: Socket.IO packets, probes, ping payloads, anything. */
    private static Arbitrary<String> data() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "probe", "0", "2[\"subscribe\",{\"channel\":\"news\"}]", "40/chat,{}"),
                FuzzInputs.json(2),
                FuzzInputs.anyString());
    }

    @Provide
    Arbitrary<EnginePacket> packets() {
        return Combinators.combine(
                        Arbitraries.of(EnginePacket.Type.class),
                        data().map(d -> d.replace(EnginePacket.SEPARATOR, ' ')))
                .as(EnginePacket::new);
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> packet = Arbitraries.oneOf(
                packets().map(EnginePacket::encode), Arbitraries.of("b", "bAAEC", "b////"), FuzzInputs.anyString());
        return FuzzInputs.nearValid(packet.list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(p -> String.join(String.valueOf(EnginePacket.SEPARATOR), p)));
    }

    @Property
    void decodeGivesAPacketOrProtocolException(@ForAll("payloads") String text) {
        try {
            EnginePacket packet = EnginePacket.decode(text);
            if (packet == null) {
                assertTrue(text.startsWith("b"), text);
            } else {
                assertEquals(text, packet.encode());
            }
        } catch (ProtocolException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Property
    void decodePayloadGivesPacketsOrProtocolException(@ForAll("payloads") String body) {
        try {
            List<EnginePacket> packets = EnginePacket.decodePayload(body);
            for (EnginePacket packet : packets) {
                assertFalse(packet.data().indexOf(EnginePacket.SEPARATOR) >= 0);
            }
            assertTrue(packets.size() <= body.length() / 2 + 1);
        } catch (ProtocolException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Property
    void packetsReadBackUnchanged(@ForAll("packets") EnginePacket packet) {
        assertEquals(packet, EnginePacket.decode(packet.encode()));
    }

    @Property
    void payloadsReadBackUnchanged(@ForAll("packetLists") List<EnginePacket> packets) {
        String body = EnginePacket.encodePayload(
                packets.stream().map(EnginePacket::encode).toList());
        assertEquals(packets, EnginePacket.decodePayload(body));
    }

    @Provide
    Arbitrary<List<EnginePacket>> packetLists() {
        return packets().list().ofMinSize(1).ofMaxSize(8);
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfSeparatorsIsRefused() {
        String body = String.valueOf(EnginePacket.SEPARATOR).repeat(1 << 20);
        assertThrows(ProtocolException.class, () -> EnginePacket.decodePayload(body));
    }

    @Test
    void aMegabyteOfPingsIsRead() {
        String body = ("2" + EnginePacket.SEPARATOR).repeat(1 << 19) + "2";
        List<EnginePacket> packets = EnginePacket.decodePayload(body);
        assertEquals((1 << 19) + 1, packets.size());
        assertTrue(packets.stream().allMatch(p -> p.type() == EnginePacket.Type.PING));
    }

    @Test
    void aMegabyteOfBinaryPacketsIsLeftOut() {
        String body = ("b" + EnginePacket.SEPARATOR).repeat(1 << 19) + "3";
        assertEquals(List.of(new EnginePacket(EnginePacket.Type.PONG, "")), EnginePacket.decodePayload(body));
    }

    @Test
    void aMegabytePacketIsRead() {
        String data = "x".repeat(1 << 20);
        assertEquals(
                new EnginePacket(EnginePacket.Type.MESSAGE, data),
                EnginePacket.decodePayload("4" + data).get(0));
    }
}
