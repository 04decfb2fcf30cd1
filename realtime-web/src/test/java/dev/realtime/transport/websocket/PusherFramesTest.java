package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PusherFramesTest {

    static final String NASTY = "q\"b\\s/n\nr\rt\tb\bf\fnul\u0000us\u001fdel\u007fls\u2028ps\u2029é€😀";

    static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** Parses a frame and checks the envelope every frame shares. */
    static JsonObject frame(String text) {
        assertFrameText(text);
        JsonValue value = parse(text);
        assertEquals(JsonValue.ValueType.OBJECT, value.getValueType(), text);
        return value.asJsonObject();
    }

    /** {@code data} is a JSON string; returns its content, parsed. */
    static JsonValue data(JsonObject frame) {
        JsonString data = assertInstanceOf(JsonString.class, frame.get("data"), "data must be a JSON string");
        return parse(data.getString());
    }

    /** No raw control characters or JS line separators: every one of them must be escaped. */
    static void assertFrameText(String text) {
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
    void cacheMissNamesTheChannelAndCarriesNoData() {
        JsonValue value = parse(PusherFrames.cacheMiss("private-cache-room.1"));
        JsonObject f = value.asJsonObject();
        assertEquals("pusher:cache_miss", f.getString("event"));
        assertEquals("private-cache-room.1", f.getString("channel"));
        assertFalse(f.containsKey("data"));
    }
}
