package dev.realtime.transport.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.resteasy.plugins.providers.sse.SseImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SseEventsTest {

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static Message message(String channel, String event, String data) {
        return new Message("id-1", channel, event, data, 1L, "node", null);
    }

    /** One line, a JSON object with exactly channel, event and data (in that order). */
    private static JsonObject line(String text) {
        assertFalse(text.contains("\n"), () -> "line feed in " + text);
        assertFalse(text.contains("\r"), () -> "carriage return in " + text);
        JsonObject object = parse(text).asJsonObject();
        assertEquals(List.of("channel", "event", "data"), List.copyOf(object.keySet()));
        return object;
    }

    @Test
    void dataLine() {
        Message m = message("orders", "order.created", "{\"id\":42,\"items\":[\"a\",\"b\"]}");

        String text = SseWireFormat.data(m);

        assertEquals(
                "{\"channel\":\"orders\",\"event\":\"order.created\",\"data\":{\"id\":42,\"items\":[\"a\",\"b\"]}}",
                text);
        JsonObject object = line(text);
        assertEquals("orders", object.getString("channel"));
        assertEquals("order.created", object.getString("event"));
        assertEquals(parse(m.data()), object.get("data"));
        assertEquals(Set.of("channel", "event", "data"), object.keySet());
    }

    static Stream<String> payloads() {
        return Stream.of(
                "null",
                "false",
                "0",
                "-1.5E-7",
                "\"text\"",
                "\"escaped \\n line \\r\\n break \\u2028\"",
                "\"quote \\\" backslash \\\\ unicode é😀 \\u0001\"",
                "[]",
                "[1,[2,[3]],{\"x\":null}]",
                "{\n\"a\": 1\n}",
                "{\r\n  \"a\": [\r\n    1,\r\n    2\r\n  ],\r\n  \"b\": \"x\"\r\n}\r\n",
                "\n\r\"surrounded\"\r\n",
                "{\"a\":\r\"b\",\n\"c\":\n\n\n{}}",
                "\t[\t1\t]\t");
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("payloads")
    void payloadStaysOnOneLineAndKeepsItsValue(String payload) {
        Message m = message("news", "update", payload);

        JsonObject object = line(SseWireFormat.data(m));

        assertEquals("news", object.getString("channel"));
        assertEquals("update", object.getString("event"));
        assertEquals(parse(payload), object.get("data"));
    }

    @Test
    void escapedLineBreaksInsideStringsSurvive() {
        Message m = message("news", "update", "{\"text\":\"one\\ntwo\\r\\nthree\"}");

        JsonObject object = line(SseWireFormat.data(m));

        assertEquals("one\ntwo\r\nthree", object.getJsonObject("data").getString("text"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {"new\nline", "carriage\rreturn", "crlf\r\n", "q\"b\\s", "é😀\u2028\u2029", "nul\u0000\u001f"})
    void channelAndEventNamesAreEscaped(String name) {
        Message m = message(name, name, "{}");

        String text = SseWireFormat.data(m);

        JsonObject object = line(text);
        assertEquals(name, object.getString("channel"));
        assertEquals(name, object.getString("event"));
        for (char c : text.toCharArray()) {
            assertTrue(c >= 0x20 && c != '\u2028' && c != '\u2029', () -> "raw control character in " + text);
        }
    }

    /** The fields as RESTEasy writes them: each value as given after its name, then a line feed. */
    private static String wire(OutboundSseEvent e) {
        return "id: " + e.getId() + "\nevent: " + e.getName() + "\ndata: " + e.getData() + "\n\n";
    }

    @ParameterizedTest(name = "hostile event name and id #{index}")
    @ValueSource(
            strings = {
                "evil\ndata: {\"channel\":\"news\",\"event\":\"forged\",\"data\":1}\n\n",
                "cr\revent: forged",
                "crlf\r\nid: forged",
                "\n\n\n"
            })
    void aLineBreakInAnEventNameOrIdCannotInjectALine(String hostile) {
        SseWireFormat events = new SseWireFormat(new SseImpl());
        Message m = new Message(hostile, "news", hostile, "{}", 1L, "external", null);

        OutboundSseEvent event = events.encode(m);

        for (String field : List.of(event.getId(), event.getName())) {
            assertFalse(field.contains("\n") || field.contains("\r"), () -> "line break in " + field);
        }
        String[] lines = wire(event).split("\r\n|\r|\n", -1);
        assertEquals(5, lines.length, () -> "exactly three field lines, then the blank line: " + List.of(lines));
        assertTrue(lines[0].startsWith("id: "));
        assertTrue(lines[1].startsWith("event: "));
        assertTrue(lines[2].startsWith("data: "));
        line(lines[2].substring("data: ".length()));
    }

    @Test
    void ordinaryNamesAndIdsAreLeftAlone() {
        assertEquals("order.created", SseWireFormat.field("order.created"));
        assertEquals("ee671bcd4a59-1", SseWireFormat.field("ee671bcd4a59-1"));
        assertEquals("a b", SseWireFormat.field("a\nb"));
    }

    @Test
    void aDrainingNodeSendsARetryOfOneSecondInANamedEventWithData() {
        OutboundSseEvent drain = new SseWireFormat(new SseImpl()).reconnectElsewhere();
        assertEquals(1000, drain.getReconnectDelay());
        assertEquals("realtime:reconnect", drain.getName());
        assertEquals("{\"reason\":\"draining\"}", drain.getData(), "RESTEasy writes retry: only with data");
    }
}
