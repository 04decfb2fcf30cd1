package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.connection.Delivery;
import dev.realtime.message.Message;
import dev.realtime.transport.io.TextFrame;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PusherFramesTest {

    private static final String NASTY = "q\"b\\s/n\nr\rt\tb\bf\fnul\u0000us\u001fdel\u007fls\u2028ps\u2029é€😀";

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** Parses a frame and checks the envelope every frame shares. */
    private static JsonObject frame(String text) {
        assertFrameText(text);
        JsonValue value = parse(text);
        assertEquals(JsonValue.ValueType.OBJECT, value.getValueType(), text);
        return value.asJsonObject();
    }

    /** {@code data} is a JSON string; returns its content, parsed. */
    private static JsonValue data(JsonObject frame) {
        JsonString data = assertInstanceOf(JsonString.class, frame.get("data"), "data must be a JSON string");
        return parse(data.getString());
    }

    /** No raw control characters or JS line separators: every one of them must be escaped. */
    private static void assertFrameText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertFalse(
                    c < 0x20 || c == '\u2028' || c == '\u2029',
                    () -> "raw U+" + Integer.toHexString(c) + " in " + text);
        }
    }

    @Test
    void connectionEstablished() {
        JsonObject frame = frame(PusherFrames.connectionEstablished("1234.5678", 30));

        assertEquals(Set.of("event", "data"), frame.keySet());
        assertEquals("pusher:connection_established", frame.getString("event"));
        JsonObject data = data(frame).asJsonObject();
        assertEquals(Set.of("socket_id", "activity_timeout"), data.keySet());
        assertEquals("1234.5678", data.getString("socket_id"));
        JsonNumber timeout = assertInstanceOf(JsonNumber.class, data.get("activity_timeout"));
        assertTrue(timeout.isIntegral());
        assertEquals(30, timeout.longValueExact());
    }

    @Test
    void connectionEstablishedEscapesTheSocketId() {
        JsonObject frame = frame(PusherFrames.connectionEstablished(NASTY, 120));

        JsonObject data = data(frame).asJsonObject();
        assertEquals(NASTY, data.getString("socket_id"));
        assertEquals(120, data.getJsonNumber("activity_timeout").longValueExact());
    }

    @Test
    void subscriptionSucceeded() {
        JsonObject frame = frame(PusherFrames.subscriptionSucceeded("presence-room.1"));

        assertEquals(Set.of("event", "channel", "data"), frame.keySet());
        assertEquals("pusher_internal:subscription_succeeded", frame.getString("event"));
        assertEquals("presence-room.1", frame.getString("channel"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, data(frame));
    }

    @Test
    void subscriptionSucceededEscapesTheChannel() {
        JsonObject frame = frame(PusherFrames.subscriptionSucceeded(NASTY));

        assertEquals(NASTY, frame.getString("channel"));
    }

    @Test
    void subscriptionError() {
        JsonObject frame = frame(PusherFrames.subscriptionError("private-orders", "AuthError", "No \"auth\"\n", 403));

        assertEquals(Set.of("event", "channel", "data"), frame.keySet());
        assertEquals("pusher:subscription_error", frame.getString("event"));
        assertEquals("private-orders", frame.getString("channel"));
        JsonObject data = data(frame).asJsonObject();
        assertEquals(Set.of("type", "error", "status"), data.keySet());
        assertEquals("AuthError", data.getString("type"));
        assertEquals("No \"auth\"\n", data.getString("error"));
        assertEquals(403, data.getJsonNumber("status").longValueExact());
    }

    @Test
    void subscriptionErrorEscapesEverything() {
        JsonObject frame = frame(PusherFrames.subscriptionError(NASTY, NASTY, NASTY, 500));

        assertEquals(NASTY, frame.getString("channel"));
        JsonObject data = data(frame).asJsonObject();
        assertEquals(NASTY, data.getString("type"));
        assertEquals(NASTY, data.getString("error"));
        assertEquals(500, data.getJsonNumber("status").longValueExact());
    }

    @Test
    void error() {
        JsonObject frame = frame(PusherFrames.error(4009, "Connection is unauthorized"));

        assertEquals(Set.of("event", "data"), frame.keySet());
        assertEquals("pusher:error", frame.getString("event"));
        JsonObject data = data(frame).asJsonObject();
        assertEquals(Set.of("message", "code"), data.keySet());
        assertEquals("Connection is unauthorized", data.getString("message"));
        assertEquals(4009, data.getJsonNumber("code").longValueExact());
    }

    @Test
    void errorEscapesTheMessage() {
        JsonObject frame = frame(PusherFrames.error(4200, NASTY));

        assertEquals(NASTY, data(frame).asJsonObject().getString("message"));
    }

    @Test
    void ping() {
        JsonObject frame = frame(PusherFrames.PING);

        assertEquals(Set.of("event", "data"), frame.keySet());
        assertEquals("pusher:ping", frame.getString("event"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, data(frame));
    }

    @Test
    void pong() {
        JsonObject frame = frame(PusherFrames.PONG);

        assertEquals(Set.of("event", "data"), frame.keySet());
        assertEquals("pusher:pong", frame.getString("event"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, data(frame));
    }

    @Test
    void frameOmitsANullChannel() {
        assertEquals("{\"event\":\"e\",\"data\":\"{}\"}", PusherFrames.frame("e", null, "{}"));
        assertEquals("{\"event\":\"e\",\"channel\":\"c\",\"data\":\"{}\"}", PusherFrames.frame("e", "c", "{}"));
    }

    @Test
    void eventFrame() {
        Message m = new Message("id-1", "orders", "order.created", "{\"id\":42,\"total\":9.5}", 1L, "node", null);

        JsonObject frame = frame(PusherFrames.EVENT.encode(m).text());

        assertEquals(Set.of("event", "channel", "data"), frame.keySet());
        assertEquals("order.created", frame.getString("event"));
        assertEquals("orders", frame.getString("channel"));
        assertEquals(m.data(), frame.getString("data"));
        assertEquals(parse(m.data()), data(frame));
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

    @ParameterizedTest
    @MethodSource("payloads")
    void eventFrameCarriesThePayloadTextAsAString(String payload) {
        Message m = new Message("id-2", "news", "update", payload, 2L, "node", null);

        String text = PusherFrames.EVENT.encode(m).text();

        JsonObject frame = frame(text);
        assertEquals(payload, frame.getString("data"), "data must be the payload text, character for character");
        assertEquals(parse(payload), data(frame));
    }

    @ParameterizedTest
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
                NASTY
            })
    void eventFrameEscapesChannelAndEventNames(String name) {
        Message m = new Message("id-3", name, name + "!", "{\"k\":\"v\"}", 3L, "node", null);

        JsonObject frame = frame(PusherFrames.EVENT.encode(m).text());

        assertEquals(name, frame.getString("channel"));
        assertEquals(name + "!", frame.getString("event"));
        assertEquals(m.data(), frame.getString("data"));
    }

    @Test
    void eventFrameIsEncodedOncePerDelivery() {
        Message m = new Message("id-4", "news", "update", "\"x\"", 4L, "node", null);
        Delivery delivery = new Delivery(m);

        TextFrame first = delivery.encoded(PusherFrames.EVENT);

        assertEquals(PusherFrames.EVENT.encode(m).text(), first.text());
        assertSame(first, delivery.encoded(PusherFrames.EVENT));
    }

    @Test
    void presenceClientEventCarriesTheSendersUserId() {
        Message m = new Message("id-9", "presence-room", "client-wave", "{\"a\":1}", 1L, "node", "1.2", "u\"1");
        JsonObject frame = jakarta.json.Json.createReader(
                        new java.io.StringReader(PusherFrames.EVENT.encode(m).text()))
                .readObject();
        assertEquals("client-wave", frame.getString("event"));
        assertEquals("presence-room", frame.getString("channel"));
        assertEquals("{\"a\":1}", frame.getString("data"));
        assertEquals("u\"1", frame.getString("user_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"héllo € 😀\"}", "\"日本\"", "{\"a\":\"\\u2028\"}"})
    void pusherEventFramesCarryNonAsciiPayloadsAsUtf8(String payload) {
        Message m = new Message("id", "chat-ü", "said-€", payload, 1L, "node", null);
        TextFrame frame = PusherFrames.EVENT.encode(m);
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
        assertEquals(PusherFrames.frame("said-€", "chat-ü", payload), frame.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "ü\"ser😀", "\u2028"})
    void userIdFramesToo(String userId) {
        Message m = new Message("id", "presence-r", "client-x", "{\"a\":\"é\"}", 1L, "node", "1.2", userId);
        TextFrame frame = PusherFrames.EVENT.encode(m);
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
        assertEquals(
                userId,
                Json.createReader(new StringReader(frame.text())).readObject().getString("user_id"));
    }
}
