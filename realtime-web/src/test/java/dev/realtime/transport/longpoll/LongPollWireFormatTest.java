package dev.realtime.transport.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LongPollWireFormat} on its own: the message object's keys, raw JSON payloads, escaping. */
class LongPollWireFormatTest {

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    @Test
    void formatCarriesThePayloadAsRawJson() {
        Message m = new Message(
                "abc-1", "orders", "order.created", "{\"id\":42,\"tags\":[\"a\",\"b\"]}", 1700000000123L, "n", null);

        String text = LongPollWireFormat.INSTANCE.encode(m);

        JsonObject object = parse(text).asJsonObject();
        assertEquals(List.of("id", "channel", "event", "data", "timestamp"), List.copyOf(object.keySet()));
        assertEquals("abc-1", object.getString("id"));
        assertEquals("orders", object.getString("channel"));
        assertEquals("order.created", object.getString("event"));
        assertEquals(parse(m.data()), object.get("data"));
        assertEquals(1700000000123L, object.getJsonNumber("timestamp").longValueExact());
        assertTrue(object.getJsonNumber("timestamp").isIntegral());
    }

    @Test
    void formatKeepsEveryKindOfPayload() {
        for (String payload :
                List.of("null", "true", "3.25", "\"text \\\"q\\\" \\n\"", "[1,{\"a\":[]}]", "{\n\"x\" : 1\r\n}")) {
            Message m = new Message("id", "c", "e", payload, 5L, "n", null);

            JsonObject object = parse(LongPollWireFormat.INSTANCE.encode(m)).asJsonObject();

            assertEquals(parse(payload), object.get("data"), payload);
        }
    }

    @Test
    void formatEscapesIdChannelAndEvent() {
        String nasty = "q\"b\\s\nr\r\t\u0000\u001fé😀\u2028";
        Message m = new Message(nasty + "id", nasty + "ch", nasty + "ev", "{}", 0L, "n", null);

        JsonObject object = parse(LongPollWireFormat.INSTANCE.encode(m)).asJsonObject();

        assertEquals(nasty + "id", object.getString("id"));
        assertEquals(nasty + "ch", object.getString("channel"));
        assertEquals(nasty + "ev", object.getString("event"));
    }
}
