package dev.realtime.transport.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.realtime.connection.Delivery;
import dev.realtime.connection.WireFormat;
import dev.realtime.message.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared encoded frame: its bytes are exactly the UTF-8 of its text (what {@code sendText(String)}
 * would have put on the wire), and each write gets its own view of one shared array.
 */
class TextFrameTest {
    /** A wire format of the message's data as a frame, as the transports' formats build theirs. */
    private static final WireFormat<TextFrame> TEXT = new WireFormat<>() {
        @Override
        public TextFrame encode(Message m) {
            return TextFrame.of(m.data());
        }
    };

    private static byte[] bytes(TextFrame frame) {
        ByteBuffer view = frame.buffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
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

    @Test
    void everyRecipientSharesOneFrameAndEachWriteGetsItsOwnView() {
        Delivery delivery = new Delivery(new Message("id", "news", "e", "\"€\"", 1L, "node", null));
        TextFrame first = delivery.encoded(TEXT);
        assertSame(first, delivery.encoded(TEXT), "encoded once per message");
        ByteBuffer a = first.buffer();
        ByteBuffer b = first.buffer();
        assertNotSame(a, b);
        a.position(a.limit()); // a write consuming its view
        assertEquals(first.byteLength(), b.remaining(), "another recipient's view is unaffected");
        assertSame(a.array(), b.array(), "no per-recipient copy of the payload");
    }
}
