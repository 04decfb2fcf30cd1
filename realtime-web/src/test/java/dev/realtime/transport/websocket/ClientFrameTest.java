package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtime.RealtimeException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameTest {

    /** Fails unless {@code call} throws a RealtimeException {@code malformed_frame}, and nothing else. */
    private static RealtimeException assertMalformed(Executable call) {
        try {
            call.execute();
        } catch (RealtimeException e) {
            assertEquals("malformed_frame", e.code(), e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected RealtimeException malformed_frame, got " + t, t);
        }
        return fail("expected RealtimeException malformed_frame, nothing was thrown");
    }

    @Test
    void subscribeWithDataObject() {
        ClientFrame frame = ClientFrame.parse(
                "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-orders\",\"auth\":\"key:sig\"}}");

        assertEquals("pusher:subscribe", frame.event());
        assertNull(frame.channel());
        JsonObject data = frame.dataObject();
        assertEquals("private-orders", data.getString("channel"));
        assertEquals("private-orders", frame.dataString("channel"));
        assertEquals("key:sig", frame.dataString("auth"));
        assertNull(frame.dataString("channel_data"));
    }

    @Test
    void subscribeWithDataAsJsonString() {
        ClientFrame frame = ClientFrame.parse(
                "{\"event\":\"pusher:subscribe\",\"data\":\"{\\\"channel\\\":\\\"news\\\",\\\"auth\\\":\\\"\\\"}\"}");

        assertEquals("pusher:subscribe", frame.event());
        assertEquals(JsonValue.ValueType.STRING, frame.data().getValueType());
        assertEquals(
                Json.createObjectBuilder()
                        .add("channel", "news")
                        .add("auth", "")
                        .build(),
                frame.dataObject());
        assertEquals("news", frame.dataString("channel"));
        assertEquals("", frame.dataString("auth"));
    }

    @Test
    void clientEventHasItsChannelAtTopLevel() {
        ClientFrame frame = ClientFrame.parse(
                "{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"user\":\"ann\",\"n\":1}}");

        assertEquals("client-typing", frame.event());
        assertEquals("private-chat", frame.channel());
        assertEquals("ann", frame.dataString("user"));
        assertNull(frame.dataString("n"), "a member that is not a string reads as null");
    }

    @Test
    void unknownMembersAreIgnoredAndWhitespaceIsAllowed() {
        ClientFrame frame =
                ClientFrame.parse(" \n{ \"extra\" : [1], \"event\" : \"pusher:ping\" , \"data\" : { } }\r\n");

        assertEquals("pusher:ping", frame.event());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, frame.dataObject());
    }

    @Test
    void channelThatIsNotAStringReadsAsNull() {
        ClientFrame frame = ClientFrame.parse("{\"event\":\"client-x\",\"channel\":7,\"data\":{}}");

        assertNull(frame.channel());
    }

    @Test
    void escapedCharactersAreDecoded() {
        ClientFrame frame = ClientFrame.parse(
                "{\"event\":\"client-\\u00e9\\\"q\\\\\",\"channel\":\"c\\n\",\"data\":{\"t\":\"\\ud83d\\ude00\"}}");

        assertEquals("client-é\"q\\", frame.event());
        assertEquals("c\n", frame.channel());
        assertEquals("😀", frame.dataString("t"));
    }

    @Test
    void missingDataIsJsonNull() {
        ClientFrame frame = ClientFrame.parse("{\"event\":\"pusher:ping\"}");

        assertEquals(JsonValue.NULL, frame.data());
        assertMalformed(frame::dataObject);
        assertMalformed(() -> frame.dataString("channel"));
    }

    static Stream<String> malformedFrames() {
        return Stream.of(
                "",
                " ",
                "\n",
                "not json",
                "{",
                "}",
                "{\"event\":",
                "{\"event\":\"pusher:ping\"",
                "{'event':'pusher:ping'}",
                "{event:\"pusher:ping\"}",
                "[]",
                "[{\"event\":\"pusher:ping\"}]",
                "\"pusher:ping\"",
                "\"{\\\"event\\\":\\\"pusher:ping\\\"}\"",
                "42",
                "true",
                "null",
                "{}",
                "{\"data\":{}}",
                "{\"event\":\"\"}",
                "{\"event\":null}",
                "{\"event\":42}",
                "{\"event\":true}",
                "{\"event\":{}}",
                "{\"event\":[\"pusher:ping\"]}",
                "\u0000",
                "\uFEFF{\"event\":\"pusher:ping\"}");
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("malformedFrames")
    void malformedFrameIsRefused(String text) {
        assertMalformed(() -> ClientFrame.parse(text));
    }

    @Test
    void deeplyNestedInputIsRefused() {
        assertMalformed(() -> ClientFrame.parse("[".repeat(100_000)));
        assertMalformed(() -> ClientFrame.parse("{\"event\":\"x\",\"data\":" + "[".repeat(100_000)));
    }

    @Test
    void truncatedInputIsRefused() {
        String frame = "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}";
        for (int length = 0; length < frame.length(); length++) {
            String cut = frame.substring(0, length);
            assertMalformed(() -> ClientFrame.parse(cut));
        }
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "42",
                "true",
                "null",
                "[]",
                "[{\"channel\":\"news\"}]",
                "\"\"",
                "\"not json\"",
                "\"[1,2]\"",
                "\"42\"",
                "\"null\"",
                "\"\\\"nested string\\\"\"",
                "\"{\\\"channel\\\":\"",
                "\"{\\\"channel\\\":\\\"news\\\"\""
            })
    void dataThatIsNotAnObjectIsRefused(String data) {
        ClientFrame frame = ClientFrame.parse("{\"event\":\"pusher:subscribe\",\"data\":" + data + "}");

        assertEquals("pusher:subscribe", frame.event());
        assertMalformed(frame::dataObject);
        assertMalformed(() -> frame.dataString("channel"));
    }
}
