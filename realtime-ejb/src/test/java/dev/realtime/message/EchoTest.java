package dev.realtime.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EchoTest {

    @Test
    void shortInputIsReturnedAsItIs() {
        String s = "pusher:subscribe";
        assertSame(s, Echo.truncate(s, 128));
        assertNull(Echo.truncate(null, 128));
    }

    @ParameterizedTest(name = "{0} cut to {1} bytes is {2}")
    @CsvSource({
        "abcdef, 4, abcd…",
        "abcd, 4, abcd",
        "ééé, 5, éé…", // two bytes each: a third would make 6
        "a😀b, 4, a…", // the emoji is four bytes and is never split
        "a😀b, 5, a😀…",
    })
    void longInputIsCutAtACharacterBoundary(String input, int max, String expected) {
        assertEquals(expected, Echo.truncate(input, max));
    }

    @Test
    void aMegabyteIsCutToTheCapPlusTheEllipsis() {
        String cut = Echo.truncate("x".repeat(1_000_000), 128);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 128 + 3, cut.length() + " chars");
    }
}
