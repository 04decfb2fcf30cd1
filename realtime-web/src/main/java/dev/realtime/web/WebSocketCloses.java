package dev.realtime.web;

import dev.realtime.message.Echo;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every WebSocket close this module makes, on every transport, goes through here. JSR-356 refuses a
 * close reason over {@value #MAX_REASON_BYTES} bytes of UTF-8 (a close frame carries at most 125
 * bytes: the 2-byte code and the reason) by throwing, which would leave the socket open; here the
 * reason is cut to fit at a character boundary (with {@code …}), and a close that fails is logged,
 * never thrown. Stateless and thread-safe.
 */
public final class WebSocketCloses {
    /** The most bytes of UTF-8 a close reason may take. */
    public static final int MAX_REASON_BYTES = 123;

    private static final Logger LOG = Logger.getLogger(WebSocketCloses.class.getName());
    private static final int ELLIPSIS_BYTES = 3;

    private WebSocketCloses() {}

    /**
     * {@code reason} when it fits {@value #MAX_REASON_BYTES} bytes of UTF-8, else its longest prefix
     * that fits with {@code …} appended; never splits a character. {@code null} becomes empty.
     */
    public static String fit(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.length() * 3 <= MAX_REASON_BYTES
                || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        return Echo.truncate(reason, MAX_REASON_BYTES - ELLIPSIS_BYTES);
    }

    /** A close reason with the code (a standard one or 4000–4999) and the reason cut to fit. */
    public static CloseReason reason(int code, String reason) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), fit(reason));
    }

    /**
     * Closes {@code session} with that code and reason (cut to fit); false when the container
     * refused or failed (the session was already closed, or the write failed), which is logged.
     */
    public static boolean close(Session session, int code, String reason) {
        try {
            session.close(reason(code, reason));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a WebSocket with " + code + " failed", e);
            return false;
        }
    }
}
