package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.message.Json;
import dev.realtime.message.JsonScanner;
import dev.realtime.message.Message;
import dev.realtime.web.FuzzInputs;
import dev.realtime.web.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a Pusher client sends: {@link ClientFrame#parse} and its accessors return a frame or
 * throw {@link RealtimeException} {@code malformed_frame}, nothing else; what {@link PusherFrames}
 * writes parses back to the same event, channel and data.
 */
class ClientFrameFuzzTest {

    /** Frames as pusher-js and laravel-echo send them, with data as an object or a JSON string. */
    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("pusher:subscribe", "pusher:unsubscribe", "pusher:ping", "pusher:signin", "client-x"),
                FuzzInputs.anyString());
        Arbitrary<String> data = Arbitraries.oneOf(
                        FuzzInputs.json(2),
                        Combinators.combine(FuzzInputs.anyString(), FuzzInputs.anyString(), FuzzInputs.json(1))
                                .as((channel, auth, channelData) -> "{\"channel\":" + Json.quote(channel) + ",\"auth\":"
                                        + Json.quote(auth) + ",\"channel_data\":" + Json.quote(channelData) + "}"))
                .flatMap(d -> Arbitraries.of(d, Json.quote(d)));
        return Combinators.combine(name, name.injectNull(0.5), data.injectNull(0.2))
                .as((event, channel, d) -> {
                    List<String> members = new ArrayList<>();
                    members.add("\"event\":" + Json.quote(event));
                    if (channel != null) {
                        members.add("\"channel\":" + Json.quote(channel));
                    }
                    if (d != null) {
                        members.add("\"data\":" + d);
                    }
                    return "{" + String.join(",", members) + "}";
                });
    }

    @Provide
    Arbitrary<String> texts() {
        return FuzzInputs.nearValid(frames());
    }

    @Property
    void parseGivesAFrameOrMalformedFrame(@ForAll("texts") String text) {
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(text);
        } catch (RealtimeException refused) {
            assertEquals("malformed_frame", refused.code(), refused.getMessage());
            return;
        }
        assertFalse(frame.event().isEmpty());
        assertNotNull(frame.data());
        assertTrue(oneJsonValue(text), () -> "accepted a frame that is not one JSON value: " + text);
        try {
            JsonObject data = frame.dataObject();
            assertNotNull(data);
            frame.dataString("channel");
            frame.dataString("channel_data");
        } catch (RealtimeException refused) {
            assertEquals("malformed_frame", refused.code(), refused.getMessage());
        }
    }

    @Property
    void parseObjectGivesAnObjectOrMalformedFrame(@ForAll("objects") String text) {
        try {
            assertNotNull(JsonP.parseObject(text, "channel_data"));
            assertTrue(oneJsonValue(text), () -> "accepted what is not one JSON value: " + text);
        } catch (RealtimeException refused) {
            assertEquals("malformed_frame", refused.code(), refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> objects() {
        return FuzzInputs.nearValid(FuzzInputs.json(3).map(v -> "{\"user_id\":" + v + "}"));
    }

    @Property
    void serverFramesParseBackToTheirParts(
            @ForAll("names") String event, @ForAll("optionalNames") String channel, @ForAll("json") String data) {
        ClientFrame frame = ClientFrame.parse(PusherFrames.frame(event, channel, data));
        assertEquals(event, frame.event());
        assertEquals(channel, frame.channel());
        assertEquals(data, ((JsonString) frame.data()).getString());
    }

    @Property
    void eventFramesParseBackToTheMessage(
            @ForAll("names") String event,
            @ForAll("names") String channel,
            @ForAll("json") String data,
            @ForAll("optionalNames") String userId) {
        Message m = new Message("id", channel, event, data, 0, "node", null, userId);
        String text = PusherWireFormat.INSTANCE.encode(m).text();
        ClientFrame frame = ClientFrame.parse(text);
        assertEquals(event, frame.event());
        assertEquals(channel, frame.channel());
        assertEquals(data, ((JsonString) frame.data()).getString());
        assertEquals(
                userId, userId == null ? null : JsonP.parseObject(text, "frame").getString("user_id"));
    }

    @Provide
    Arbitrary<String> names() {
        return FuzzInputs.anyString().filter(s -> !s.isEmpty());
    }

    @Provide
    Arbitrary<String> optionalNames() {
        return names().injectNull(0.3);
    }

    @Provide
    Arbitrary<String> json() {
        return FuzzInputs.json(3);
    }

    /** By our own scanner; below its depth limit (512), which is lower than Parsson's (1000). */
    private static boolean oneJsonValue(String text) {
        if (text.chars().filter(c -> c == '[' || c == '{').count() > 400) {
            return true;
        }
        try {
            JsonScanner scanner = new JsonScanner(text);
            scanner.rawValue();
            return scanner.atEnd();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfNestedDataIsMalformed() {
        String deep = "{\"event\":\"client-x\",\"data\":" + "[".repeat(1 << 20);
        RealtimeException e = assertThrows(RealtimeException.class, () -> ClientFrame.parse(deep));
        assertEquals("malformed_frame", e.code());
    }

    @Test
    void aMegabyteOfNestedDataAsAStringIsMalformed() {
        ClientFrame frame = ClientFrame.parse(
                "{\"event\":\"pusher:subscribe\",\"data\":" + Json.quote("{\"a\":".repeat(1 << 18)) + "}");
        RealtimeException e = assertThrows(RealtimeException.class, frame::dataObject);
        assertEquals("malformed_frame", e.code());
    }

    @Test
    void aMegabyteOfMembersIsRead() {
        ClientFrame frame = ClientFrame.parse("{" + "\"x\":[],".repeat(1 << 17) + "\"event\":\"pusher:ping\"}");
        assertEquals("pusher:ping", frame.event());
    }

    /** Found by the fuzzer: Parsson's JsonReader ignored what follows the value. */
    @Test
    void aFrameWithTrailingTextIsMalformed() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> ClientFrame.parse("{\"event\":\"pusher:ping\"}x"));
        assertEquals("malformed_frame", e.code());
        e = assertThrows(RealtimeException.class, () -> JsonP.parseObject("{\"user_id\":\"1\"}\"", "channel_data"));
        assertEquals("malformed_frame", e.code());
    }
}
