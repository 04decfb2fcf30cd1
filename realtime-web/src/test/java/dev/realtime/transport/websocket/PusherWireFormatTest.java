package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.realtime.connection.Delivery;
import dev.realtime.message.Message;
import dev.realtime.node.PresenceEvents;
import dev.realtime.transport.io.TextFrame;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PusherWireFormat} on its own: the event frame's envelope, its payload as a JSON string,
 * escaping, the sender's {@code user_id}, and one encoding per delivery.
 */
class PusherWireFormatTest {

    @Test
    void eventFrame() {
        Message m = new Message("id-1", "orders", "order.created", "{\"id\":42,\"total\":9.5}", 1L, "node", null);

        JsonObject frame =
                PusherFramesTest.frame(PusherWireFormat.INSTANCE.encode(m).text());

        assertEquals(Set.of("event", "channel", "data"), frame.keySet());
        assertEquals("order.created", frame.getString("event"));
        assertEquals("orders", frame.getString("channel"));
        assertEquals(m.data(), frame.getString("data"));
        assertEquals(PusherFramesTest.parse(m.data()), PusherFramesTest.data(frame));
    }

    static Stream<String> payloads() {
        return Stream.of(
                "{}",
                "null",
                "true",
                "-12.5e3",
                "\"plain\"",
                "\"say \\\"hi\\\"\"",
                "\"back\\\\slash\"",
                "\"line\\nbreak\\r\\n\\ttab\"",
                "\"controls \\u0000\\u0001\\u001f\\b\\f\"",
                "\"unicode é € 😀 \\u00e9 \\ud83d\\ude00 \\u2028\"",
                "\"raw line separators \u2028 \u2029\"",
                "[1,\"two\",{\"three\":[3]},null]",
                "{\n  \"pretty\": true,\r\n  \"nested\": {\"a\": [1, 2]}\r}",
                "{\"html\":\"</script><b>&amp;</b>\",\"quote\":\"'\\\"\",\"slash\":\"\\/\"}");
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("payloads")
    void eventFrameCarriesThePayloadTextAsAString(String payload) {
        Message m = new Message("id-2", "news", "update", payload, 2L, "node", null);

        String text = PusherWireFormat.INSTANCE.encode(m).text();

        JsonObject frame = PusherFramesTest.frame(text);
        assertEquals(payload, frame.getString("data"), "data must be the payload text, character for character");
        assertEquals(PusherFramesTest.parse(payload), PusherFramesTest.data(frame));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "quote\"d",
                "back\\slash",
                "new\nline",
                "carriage\rreturn",
                "tab\there",
                "nul\u0000x",
                "unit\u001fsep",
                "é€😀",
                "ls\u2028ps\u2029",
                PusherFramesTest.NASTY
            })
    void eventFrameEscapesChannelAndEventNames(String name) {
        Message m = new Message("id-3", name, name + "!", "{\"k\":\"v\"}", 3L, "node", null);

        JsonObject frame =
                PusherFramesTest.frame(PusherWireFormat.INSTANCE.encode(m).text());

        assertEquals(name, frame.getString("channel"));
        assertEquals(name + "!", frame.getString("event"));
        assertEquals(m.data(), frame.getString("data"));
    }

    @Test
    void eventFrameIsEncodedOncePerDelivery() {
        Message m = new Message("id-4", "news", "update", "\"x\"", 4L, "node", null);
        Delivery delivery = new Delivery(m);

        TextFrame first = delivery.encoded(PusherWireFormat.INSTANCE);

        assertEquals(PusherWireFormat.INSTANCE.encode(m).text(), first.text());
        assertSame(first, delivery.encoded(PusherWireFormat.INSTANCE));
    }

    @Test
    void aDepartureCarriesTheMembersIdOnlyAsPusherSendsIt() {
        Message m = new Message(
                "id-10",
                "presence-room",
                PresenceEvents.MEMBER_REMOVED,
                "{\"user_id\":\"ann\",\"user_info\":{\"name\":\"Ann\"}}",
                1L,
                "node",
                null,
                "ann");
        JsonObject frame =
                PusherFramesTest.frame(PusherWireFormat.INSTANCE.encode(m).text());
        assertEquals(Set.of("event", "channel", "data"), frame.keySet(), "no user_id beside the data");
        assertEquals("{\"user_id\":\"ann\"}", frame.getString("data"));
    }

    @Test
    void presenceClientEventCarriesTheSendersUserId() {
        Message m = new Message("id-9", "presence-room", "client-wave", "{\"a\":1}", 1L, "node", "1.2", "u\"1");
        JsonObject frame = jakarta.json.Json.createReader(new java.io.StringReader(
                        PusherWireFormat.INSTANCE.encode(m).text()))
                .readObject();
        assertEquals("client-wave", frame.getString("event"));
        assertEquals("presence-room", frame.getString("channel"));
        assertEquals("{\"a\":1}", frame.getString("data"));
        assertEquals("u\"1", frame.getString("user_id"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"{\"text\":\"héllo € 😀\"}", "\"日本\"", "{\"a\":\"\\u2028\"}"})
    void pusherEventFramesCarryNonAsciiPayloadsAsUtf8(String payload) {
        Message m = new Message("id", "chat-ü", "said-€", payload, 1L, "node", null);
        TextFrame frame = PusherWireFormat.INSTANCE.encode(m);
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
        assertEquals(PusherFrames.frame("said-€", "chat-ü", payload), frame.text());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"u1", "ü\"ser😀", "\u2028"})
    void userIdFramesToo(String userId) {
        Message m = new Message("id", "presence-r", "client-x", "{\"a\":\"é\"}", 1L, "node", "1.2", userId);
        TextFrame frame = PusherWireFormat.INSTANCE.encode(m);
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
        assertEquals(
                userId,
                Json.createReader(new StringReader(frame.text())).readObject().getString("user_id"));
    }
}
