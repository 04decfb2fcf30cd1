package dev.realtime.transport.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket text frame's payload, encoded to UTF-8 once and shared read-only by every recipient
 * of a message: the native write path ({@link UndertowFrameSender}) sends the bytes through a
 * fresh {@link ByteBuffer} view per write (a few dozen bytes; the payload itself is never copied
 * per recipient), the portable path ({@link PortableFrameSender}) sends {@link #text()}, since
 * JSR-356 has no way to send pre-encoded text. Both forms are kept: the String is what the encoder
 * built anyway, so keeping it costs no allocation, and either path finds its form ready.
 * Immutable and therefore safe to publish to any thread.
 */
public final class TextFrame {
    private final String text;
    private final byte[] utf8;

    private TextFrame(String text) {
        this.text = text;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    }

    /** The frame for {@code text}; encodes it to UTF-8 now. */
    public static TextFrame of(String text) {
        return new TextFrame(text);
    }

    /** The frame's text, as the portable path sends it. */
    public String text() {
        return text;
    }

    /** Length of the UTF-8 payload in bytes. */
    public int byteLength() {
        return utf8.length;
    }

    /**
     * What this frame keeps in memory while it waits in a queue, for the byte budgets: the UTF-8
     * bytes and the String (counted at two bytes a character at most), plus the objects' headers.
     * A frame shared by many recipients is counted in full by each of them: the budgets bound what
     * a client could make the node keep, and err on the safe side.
     */
    public long retainedBytes() {
        return utf8.length + 2L * text.length() + 64;
    }

    /**
     * A new view of the shared UTF-8 bytes for one write. The view is writable only because a
     * read-only buffer would make Undertow's optional permessage-deflate copy it (it reads heap
     * buffers through their array); the writer must never modify it, and Undertow's server side
     * does not (no masking, deflate only reads).
     */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(utf8);
    }

    @Override
    public String toString() {
        return text;
    }
}
