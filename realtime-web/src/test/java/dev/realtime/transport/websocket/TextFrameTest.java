package dev.realtime.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.realtime.connection.Delivery;
import dev.realtime.message.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared encoded frame: its bytes are exactly the UTF-8 of its text (what {@code sendText(String)}
 * would have put on the wire), for the Pusher event format with and without {@code user_id}, and
 * each write gets its own view of one shared array.
 */
class TextFrameTest {

    private static byte[] bytes(TextFrame frame) {
        ByteBuffer view = frame.buffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain ascii",
                "é € 😀 ü",
                "ls\u2028ps\u2029",
                "日本語のテキスト",
                "nul\u0000 and \u007f and \u0080 and \u07ff and \u0800 and \uffff"
            })
    void bytesAreTheUtf8OfTheText(String text) {
        TextFrame frame = TextFrame.of(text);
        assertEquals(text, frame.text());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes(frame));
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"héllo € 😀\"}", "\"日本\"", "{\"a\":\"\\u2028\"}"})
    void pusherEventFramesCarryNonAsciiPayloadsAsUtf8(String payload) {
        Message m = new Message("id", "chat-ü", "said-€", payload, 1L, "node", null);
        TextFrame frame = PusherFrames.EVENT.encode(m);
        assertArrayEquals(frame.text().getBytes(StandardCharsets.UTF_8), bytes(frame));
        assertEquals(PusherFrames.frame("said-€", "chat-ü", payload), frame.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "ü\"ser😀", "\u2028"})
    void userIdFramesToo(String userId) {
        Message m = new Message("id", "presence-r", "client-x", "{\"a\":\"é\"}", 1L, "node", "1.2", userId);
        TextFrame frame = PusherFrames.EVENT.encode(m);
        assertArrayEquals(frame.text().getBytes(StandardCharsets.UTF_8), bytes(frame));
        assertEquals(
                userId,
                jakarta.json.Json.createReader(new java.io.StringReader(frame.text()))
                        .readObject()
                        .getString("user_id"));
    }

    @Test
    void everyRecipientSharesOneFrameAndEachWriteGetsItsOwnView() {
        Delivery delivery = new Delivery(new Message("id", "news", "e", "\"€\"", 1L, "node", null));
        TextFrame first = delivery.encoded(PusherFrames.EVENT);
        assertSame(first, delivery.encoded(PusherFrames.EVENT), "encoded once per message");
        ByteBuffer a = first.buffer();
        ByteBuffer b = first.buffer();
        assertNotSame(a, b);
        a.position(a.limit()); // a write consuming its view
        assertEquals(first.byteLength(), b.remaining(), "another recipient's view is unaffected");
        assertSame(a.array(), b.array(), "no per-recipient copy of the payload");
    }
}
