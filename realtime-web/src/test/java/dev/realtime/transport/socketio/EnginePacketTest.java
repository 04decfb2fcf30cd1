package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnginePacketTest {

    @Test
    void decodesEveryType() {
        assertEquals(new EnginePacket(EnginePacket.Type.OPEN, "{}"), EnginePacket.decode("0{}"));
        assertEquals(new EnginePacket(EnginePacket.Type.CLOSE, ""), EnginePacket.decode("1"));
        assertEquals(new EnginePacket(EnginePacket.Type.PING, "probe"), EnginePacket.decode("2probe"));
        assertEquals(new EnginePacket(EnginePacket.Type.PONG, ""), EnginePacket.decode("3"));
        assertEquals(new EnginePacket(EnginePacket.Type.MESSAGE, "2[\"a\"]"), EnginePacket.decode("42[\"a\"]"));
        assertEquals(new EnginePacket(EnginePacket.Type.UPGRADE, ""), EnginePacket.decode("5"));
        assertEquals(new EnginePacket(EnginePacket.Type.NOOP, ""), EnginePacket.decode("6"));
    }

    @Test
    void encodesTypeDigitThenData() {
        assertEquals("3probe", new EnginePacket(EnginePacket.Type.PONG, "probe").encode());
        assertEquals("40", new EnginePacket(EnginePacket.Type.MESSAGE, "0").encode());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"", "7", "9x", "x", "{}", "\u001e"})
    void malformedPacketsAreProtocolErrors(String text) {
        assertThrows(ProtocolException.class, () -> EnginePacket.decode(text));
    }

    @Test
    void binaryPacketsAreReportedAsNull() {
        assertNull(EnginePacket.decode("bAQID"));
    }

    @Test
    void payloadsSplitOnTheRecordSeparator() {
        List<EnginePacket> packets = EnginePacket.decodePayload("3\u001e40\u001e42[\"e\",\"a\u001fb\"]");
        assertEquals(3, packets.size());
        assertEquals(EnginePacket.Type.PONG, packets.get(0).type());
        assertEquals("0", packets.get(1).data());
        assertEquals("2[\"e\",\"a\u001fb\"]", packets.get(2).data());
    }

    @Test
    void payloadsLeaveBinaryPacketsOut() {
        assertEquals(List.of(new EnginePacket(EnginePacket.Type.PONG, "")), EnginePacket.decodePayload("bAQID\u001e3"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"", "3\u001e", "\u001e3", "3\u001e\u001e4x", "3\u001e8"})
    void malformedPayloadsAreProtocolErrors(String body) {
        assertThrows(ProtocolException.class, () -> EnginePacket.decodePayload(body));
    }

    @Test
    void encodesPayloadsWithTheRecordSeparator() {
        assertEquals("2\u001e42[1]", EnginePacket.encodePayload(List.of("2", "42[1]")));
        assertEquals("6", EnginePacket.encodePayload(List.of("6")));
    }
}
