package dev.realtime.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebSocketClosesTest {

    static Stream<Arguments> longReasons() {
        return Stream.of(
                Arguments.of("ASCII", "App key " + "k".repeat(200) + " does not exist"),
                Arguments.of("two-byte characters", "é".repeat(100)),
                Arguments.of("three-byte characters", "€".repeat(60)),
                Arguments.of("surrogate pairs", "😀".repeat(40)),
                Arguments.of("mixed, cut inside a pair", "a" + "😀".repeat(40)),
                Arguments.of("mixed, cut inside a three-byte character", "ab" + "€".repeat(60)));
    }

    @ParameterizedTest(name = "{0} fit in 123 bytes, cut at a character boundary")
    @MethodSource("longReasons")
    void longReasonsAreCutToFitWithoutSplittingACharacter(String kind, String reason) {
        assertTrue(bytes(reason) > WebSocketCloses.MAX_REASON_BYTES, "the input is too long for a close frame");

        String fitted = WebSocketCloses.fit(reason);

        assertTrue(bytes(fitted) <= WebSocketCloses.MAX_REASON_BYTES, fitted + ": " + bytes(fitted) + " bytes");
        assertTrue(bytes(fitted) >= WebSocketCloses.MAX_REASON_BYTES - 3 - 3, "keeps as much as fits: " + fitted);
        assertTrue(fitted.endsWith("…"), fitted);
        String kept = fitted.substring(0, fitted.length() - 1);
        assertTrue(reason.startsWith(kept), "a prefix of the reason");
        assertEquals(
                kept, new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "no half character");
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "no lone surrogate at the end");
    }

    @Test
    void reasonsThatFitAreKeptWhole() {
        String exactly = "x".repeat(WebSocketCloses.MAX_REASON_BYTES);
        assertEquals(exactly, WebSocketCloses.fit(exactly));
        assertEquals("é".repeat(61) + "x", WebSocketCloses.fit("é".repeat(61) + "x"));
        assertEquals("Pong reply not received in time", WebSocketCloses.fit("Pong reply not received in time"));
        assertEquals("", WebSocketCloses.fit(null));
    }

    @Test
    void theContainerApiRefusesWhatTheHelperMakesFit() {
        String reason = "App key " + "k".repeat(200) + " does not exist";
        CloseReason.CloseCode code = CloseReason.CloseCodes.getCloseCode(4001);
        assertThrows(IllegalArgumentException.class, () -> new CloseReason(code, reason));

        CloseReason fitted = assertDoesNotThrow(() -> WebSocketCloses.reason(4001, reason));

        assertEquals(4001, fitted.getCloseCode().getCode());
        assertTrue(fitted.getReasonPhrase().startsWith("App key kkk"));
    }

    @Test
    void closeSendsTheFittedReasonAndReportsAFailureInsteadOfThrowing() {
        List<CloseReason> closes = new ArrayList<>();
        Session open = session(reason -> closes.add(reason));
        assertTrue(WebSocketCloses.close(open, 4001, "k".repeat(500)));
        assertEquals(1, closes.size());
        assertEquals(4001, closes.get(0).getCloseCode().getCode());
        assertTrue(bytes(closes.get(0).getReasonPhrase()) <= WebSocketCloses.MAX_REASON_BYTES);

        Session broken = session(reason -> {
            throw new IOException("the peer is gone");
        });
        assertFalse(WebSocketCloses.close(broken, 4200, "Write failed"));
    }

    private interface Closer {
        void close(CloseReason reason) throws IOException;
    }

    /** A session whose only working method is {@code close(CloseReason)}. */
    private static Session session(Closer closer) {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && args != null && args.length == 1) {
                        closer.close((CloseReason) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
