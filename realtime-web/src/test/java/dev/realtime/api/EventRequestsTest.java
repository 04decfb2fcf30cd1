package dev.realtime.api;

import static dev.realtime.api.ApiTesting.assertError;
import static dev.realtime.api.ApiTesting.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventRequestsTest {
    private final RealtimeNode node = ApiTesting.node(Map.of("realtime.limits.payload-bytes", "100"));

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private ApiEvent event(String json) {
        return EventRequests.event(node, bytes(json));
    }

    private static String channels(int count) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            names.add("c" + i);
        }
        return Json.createObjectBuilder()
                .add("name", "e")
                .add("data", "{}")
                .add("channels", names)
                .build()
                .toString();
    }

    private static String batch(int count) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            events.add(Json.createObjectBuilder()
                    .add("name", "e" + i)
                    .add("channel", "c")
                    .add("data", "" + i));
        }
        return Json.createObjectBuilder().add("batch", events).build().toString();
    }

    @Test
    void theProtocolDocumentsExample() {
        ApiEvent event =
                event("{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}");
        assertEquals("foo", event.name());
        assertEquals(List.of("project-3"), event.channels());
        assertEquals(new RawJson("{\"some\":\"data\"}"), event.payload());
        assertNull(event.socketId());
    }

    @Test
    void singleChannelAndSocketId() {
        ApiEvent event = event("{\"name\":\"n\",\"channel\":\"news\",\"data\":\"1\",\"socket_id\":\"123.456\"}");
        assertEquals(List.of("news"), event.channels());
        assertEquals(new RawJson("1"), event.payload());
        assertEquals("123.456", event.socketId());
    }

    @Test
    void dataThatIsNotJsonIsSentAsAString() {
        assertEquals(
                "hello",
                event("{\"name\":\"n\",\"channel\":\"c\",\"data\":\"hello\"}").payload());
        assertEquals(
                "", event("{\"name\":\"n\",\"channel\":\"c\",\"data\":\"\"}").payload());
        assertEquals(
                "1 2",
                event("{\"name\":\"n\",\"channel\":\"c\",\"data\":\"1 2\"}").payload());
        assertEquals(
                new RawJson("\"quoted\""),
                event("{\"name\":\"n\",\"channel\":\"c\",\"data\":\"\\\"quoted\\\"\"}")
                        .payload());
    }

    @Test
    void duplicateChannelsGetTheEventOnce() {
        assertEquals(
                List.of("b", "a"),
                event("{\"name\":\"n\",\"channels\":[\"b\",\"a\",\"b\"],\"data\":\"{}\"}")
                        .channels());
    }

    @Test
    void nullOptionalFieldsAreAbsent() {
        ApiEvent event =
                event("{\"name\":\"n\",\"channel\":null,\"channels\":[\"a\"],\"data\":\"{}\",\"socket_id\":null}");
        assertEquals(List.of("a"), event.channels());
        assertNull(event.socketId());
    }

    @Test
    void aHundredChannelsButNotMore() {
        assertEquals(100, event(channels(100)).channels().size());
        assertError(400, "too_many_channels", () -> event(channels(101)));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"", "   ", "not json", "[1,2]", "\"text\"", "42", "{\"name\":"})
    void bodyMustBeAJsonObject(String body) {
        assertError(400, "invalid_body", () -> event(body));
        assertError(400, "invalid_body", () -> EventRequests.batch(node, bytes(body)));
    }

    @Test
    void emptyOrMissingBody() {
        assertError(400, "invalid_body", () -> EventRequests.event(node, null));
        assertError(400, "invalid_body", () -> EventRequests.event(node, new byte[0]));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "{\"channel\":\"c\",\"data\":\"{}\"}",
                "{\"name\":7,\"channel\":\"c\",\"data\":\"{}\"}",
                "{\"name\":\"n\",\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channel\":\"c\"}",
                "{\"name\":\"n\",\"channel\":\"c\",\"data\":{\"an\":\"object\"}}",
                "{\"name\":\"n\",\"channel\":\"c\",\"data\":null}",
                "{\"name\":\"n\",\"channel\":[\"c\"],\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channels\":\"c\",\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channels\":[],\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channels\":[\"a\",1],\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channel\":\"a\",\"channels\":[\"b\"],\"data\":\"{}\"}",
                "{\"name\":\"n\",\"channel\":\"c\",\"data\":\"{}\",\"socket_id\":123.456}"
            })
    void missingOrMistypedFields(String body) {
        assertError(400, "invalid_field", () -> event(body));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"", "abc", "1", "1.", ".1", "1.2.3", "1.2 ", "-1.2"})
    void socketIdMustBeTwoIntegers(String socketId) {
        String body = "{\"name\":\"n\",\"channel\":\"c\",\"data\":\"{}\",\"socket_id\":\"" + socketId + "\"}";
        assertError(400, "invalid_socket_id", () -> event(body));
    }

    @Test
    void invalidNames() {
        assertRefused("invalid_channel", () -> event("{\"name\":\"n\",\"channel\":\"bad name\",\"data\":\"{}\"}"));
        assertRefused("invalid_channel", () -> event("{\"name\":\"n\",\"channels\":[\"ok\",\"b/d\"],\"data\":\"{}\"}"));
        assertRefused("invalid_event", () -> event("{\"name\":\"pusher:x\",\"channel\":\"c\",\"data\":\"{}\"}"));
        assertRefused("invalid_event", () -> event("{\"name\":\"\",\"channel\":\"c\",\"data\":\"{}\"}"));
    }

    @Test
    void payloadLimitCountsTheJsonSubscribersReceive() {
        String json = "\"" + "x".repeat(98) + "\""; // 100 bytes of JSON
        assertEquals(new RawJson(json), EventRequests.payload(json, 100));
        assertRefused("payload_too_large", () -> EventRequests.payload(json + " ", 100));
        // not JSON: sent quoted, so 98 characters become 100 bytes
        assertEquals("y".repeat(98), EventRequests.payload("y".repeat(98), 100));
        assertRefused("payload_too_large", () -> EventRequests.payload("y".repeat(99), 100));
        // bytes, not characters
        assertRefused("payload_too_large", () -> EventRequests.payload("é".repeat(50), 100));
    }

    @Test
    void dataOverTheLimitIsRefused() {
        JsonObjectBuilder body = Json.createObjectBuilder().add("name", "n").add("channel", "c");
        String over = body.add("data", "z".repeat(101)).build().toString();
        assertRefused("payload_too_large", () -> event(over));
    }

    @Test
    void batchOfUpToTenEvents() {
        List<ApiEvent> events = EventRequests.batch(node, bytes(batch(10)));
        assertEquals(10, events.size());
        assertEquals("e3", events.get(3).name());
        assertEquals(new RawJson("3"), events.get(3).payload());
        assertTrue(EventRequests.batch(node, bytes(batch(0))).isEmpty());
        assertError(400, "too_many_events", () -> EventRequests.batch(node, bytes(batch(11))));
    }

    @Test
    void batchIsRefusedWholeWhenOneEventIsInvalid() {
        String body = "{\"batch\":[{\"name\":\"ok\",\"channel\":\"c\",\"data\":\"{}\"},"
                + "{\"name\":\"ok\",\"channel\":\"bad channel\",\"data\":\"{}\"}]}";
        assertRefused("invalid_channel", () -> EventRequests.batch(node, bytes(body)));
        assertError(400, "invalid_body", () -> EventRequests.batch(node, bytes("{\"batch\":[1]}")));
        assertError(400, "invalid_field", () -> EventRequests.batch(node, bytes("{\"batch\":{}}")));
        assertError(400, "invalid_field", () -> EventRequests.batch(node, bytes("{}")));
    }
}
