package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketPacketTest {

    @Test
    void connectWithAndWithoutAuth() {
        SocketPacket plain = SocketPacket.decode("0");
        assertEquals(SocketPacket.Type.CONNECT, plain.type());
        assertEquals("/", plain.namespace());
        assertNull(plain.data());
        SocketPacket withAuth = SocketPacket.decode("0/admin,{\"token\":\"t\"}");
        assertEquals("/admin", withAuth.namespace());
        assertEquals("t", withAuth.data().asJsonObject().getString("token"));
        assertEquals("/admin", SocketPacket.decode("0/admin,").namespace());
        assertEquals("/admin", SocketPacket.decode("1/admin,").namespace());
    }

    @Test
    void eventWithNamespaceAndAckId() {
        SocketPacket p = SocketPacket.decode("2/chat,12[\"subscribe\",{\"channel\":\"news\"}]");
        assertEquals(SocketPacket.Type.EVENT, p.type());
        assertEquals("/chat", p.namespace());
        assertEquals(12L, p.ackId());
        assertEquals("subscribe", p.event());
        assertEquals(
                Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("channel", "news"))
                        .build(),
                p.args());
    }

    @Test
    void ackFromTheClient() {
        SocketPacket p = SocketPacket.decode("37[\"ok\",1]");
        assertEquals(SocketPacket.Type.ACK, p.type());
        assertEquals(7L, p.ackId());
    }

    @Test
    void binaryPacketsDecodeSoThatTheyCanBeRefused() {
        SocketPacket p = SocketPacket.decode("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
        assertEquals(SocketPacket.Type.BINARY_EVENT, p.type());
        assertEquals("/", p.namespace());
        assertEquals(
                SocketPacket.Type.BINARY_ACK, SocketPacket.decode("61-/x,3[{}]").type());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "",
                "7",
                "x",
                "2",
                "2[]",
                "2{}",
                "2\"text\"",
                "2[1]",
                "2[\"connect\"]",
                "2[\"disconnect\",1]",
                "2[\"a\"",
                "2[\"a\"]]",
                "2[\"a\"] trailing",
                "0[]",
                "0\"x\"",
                "1{}",
                "3",
                "3{}",
                "4",
                "4[1]",
                "5[\"a\"]",
                "5-[\"a\"]",
                "5x-[\"a\"]",
                "21234567890123456[\"a\"]",
            })
    void malformedPacketsAreProtocolErrors(String text) {
        assertThrows(ProtocolException.class, () -> SocketPacket.decode(text));
    }

    @Test
    void deeplyNestedJsonIsAProtocolErrorNotAStackOverflow() {
        String deep = "2[\"a\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]";
        assertThrows(ProtocolException.class, () -> SocketPacket.decode(deep));
    }

    @Test
    void encodes() {
        assertEquals("0{\"sid\":\"x\"}", SocketPacket.encode(SocketPacket.Type.CONNECT, "/", null, "{\"sid\":\"x\"}"));
        assertEquals("3/chat,5[1]", SocketPacket.encode(SocketPacket.Type.ACK, "/chat", 5L, "[1]"));
        assertEquals("1", SocketPacket.encode(SocketPacket.Type.DISCONNECT, "/", null, null));
    }

    @Test
    void framesAreEngineMessages() {
        assertEquals("40/x,{\"sid\":\"1.2\"}", SocketIoFrames.connected("/x", "1.2"));
        assertEquals(
                "42[\"subscription_error\",\"private-a\",403]",
                SocketIoFrames.subscriptionError("/", "private-a", 403));
        assertEquals("44{\"message\":\"no\"}", SocketIoFrames.connectError("/", "no"));
        assertEquals("431[{}]", SocketIoFrames.ack("/", 1, "[{}]"));
        String root = SocketIoFrames.event("/", "e", "c", "{\"a\":1}");
        assertEquals("42[\"e\",\"c\",{\"a\":1}]", root);
    }
}
