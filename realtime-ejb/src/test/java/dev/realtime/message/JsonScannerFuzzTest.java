package dev.realtime.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link JsonScanner}, {@link Json#quote} and {@link PayloadEncoder}: on any input the
 * scanner returns or throws {@link IllegalArgumentException}, it accepts exactly what a reference
 * parser (Parsson) accepts, and what the encoder writes it reads back unchanged.
 */
class JsonScannerFuzzTest {
    private static final JsonProvider PARSSON = JsonProvider.provider();

    @Provide
    Arbitrary<String> texts() {
        return FuzzInputs.nearValid(FuzzInputs.json(3));
    }

    /** The whole text is one JSON value by the scanner; only {@link IllegalArgumentException} is allowed. */
    private static boolean scannerAccepts(String text) {
        JsonScanner scanner = new JsonScanner(text);
        try {
            String raw = scanner.rawValue();
            int start = leadingSpace(text);
            assertEquals(text.substring(start, start + raw.length()), raw, "the raw value is the input's own text");
            return scanner.atEnd();
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("malformed JSON: "), refused.getMessage());
            return false;
        }
    }

    private static boolean parssonAccepts(String text) {
        // Parsson's grammar only: its events, not its values (a JsonNumber is a BigDecimal, which
        // refuses exponents past the int range that JSON allows), and not a JsonReader (whose
        // readValue() ignores whatever follows the value)
        try (JsonParser parser = PARSSON.createParser(new StringReader(text))) {
            int depth = 0;
            do {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_ARRAY || event == JsonParser.Event.START_OBJECT) {
                    depth++;
                } else if (event == JsonParser.Event.END_ARRAY || event == JsonParser.Event.END_OBJECT) {
                    depth--;
                }
            } while (depth > 0);
            return !parser.hasNext();
        } catch (RuntimeException refused) {
            return false;
        }
    }

    @Property
    void rawValueAcceptsExactlyWhatAReferenceParserAccepts(@ForAll("texts") String text) {
        boolean accepted = scannerAccepts(text);
        // Parsson allows 1000 levels, the scanner 512: compare only below both limits
        if (nesting(text) < 400) {
            assertEquals(parssonAccepts(text), accepted, () -> "scanner and Parsson disagree on " + text);
        }
    }

    @Property
    void requireJsonThrowsOnlyInvalidPayload(@ForAll("texts") String text) {
        try {
            PayloadEncoder.requireJson(text);
            assertTrue(scannerAccepts(text));
        } catch (RealtimeException refused) {
            assertEquals("invalid_payload", refused.code());
        }
    }

    @Property
    void quotedStringsReadBackUnchanged(@ForAll("strings") String value) {
        String quoted = Json.quote(value);
        JsonScanner scanner = new JsonScanner(quoted);
        assertEquals(value, scanner.string());
        assertTrue(scanner.atEnd());
        assertEquals(value, new JsonScanner(quoted).stringOrNull());
        for (char c : quoted.toCharArray()) {
            assertFalse(c < 0x20 || c == '\u2028' || c == '\u2029', () -> "raw control character in " + quoted);
        }
        try (JsonReader reader = PARSSON.createReader(new StringReader(quoted))) {
            assertEquals(value, ((JsonString) reader.readValue()).getString());
        }
    }

    @Provide
    Arbitrary<String> strings() {
        return FuzzInputs.anyString();
    }

    @Property
    void stringReadsAnythingOrThrowsIllegalArgument(@ForAll("texts") String text) {
        try {
            String value = new JsonScanner(text).stringOrNull();
            assertTrue(value != null || text.startsWith("null", leadingSpace(text)));
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("malformed JSON: "));
        }
    }

    @Property
    void integersReadBackUnchanged(@ForAll("integers") long value) {
        assertEquals(value, new JsonScanner(" " + value + " ").integer());
    }

    @Provide
    Arbitrary<Long> integers() {
        return Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L);
    }

    @Property
    void integerReadsAnythingOrThrowsIllegalArgument(@ForAll("numbers") String text) {
        try {
            long value = new JsonScanner(text).integer();
            String number = text.substring(leadingSpace(text));
            assertTrue(number.startsWith(Long.toString(value)) || number.startsWith("-0"), text);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("malformed JSON: "));
        }
    }

    @Provide
    Arbitrary<String> numbers() {
        return FuzzInputs.nearValid(Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().numeric().ofMaxLength(25).map(s -> "-" + s)));
    }

    @Property
    void encodedStringPayloadsReadBackUnchanged(@ForAll("strings") String value) {
        String json = new PayloadEncoder(1 << 20).encode(value);
        assertEquals(value, new JsonScanner(json).string());
        assertDoesNotThrow(() -> PayloadEncoder.requireJson(json));
    }

    @Property
    void rawJsonPayloadsAreKeptVerbatim(@ForAll("validJson") String json) {
        assertEquals(json, new PayloadEncoder(1 << 20).encode(new RawJson(json)));
    }

    @Provide
    Arbitrary<String> validJson() {
        return FuzzInputs.json(3);
    }

    @Property
    void utf8LengthNeverUndercountsTheBytesSent(@ForAll("strings") String value) {
        int sent = value.getBytes(StandardCharsets.UTF_8).length;
        int counted = PayloadEncoder.utf8Length(value);
        assertTrue(counted >= sent, () -> counted + " < " + sent);
        if (FuzzInputs.wellFormed(value)) {
            assertEquals(sent, counted);
        }
    }

    // A megabyte of adversarial input finishes and is refused or read correctly (no stack overflow,
    // no quadratic loop).

    @Test
    void aMegabyteOfOpeningBracketsIsRefused() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> PayloadEncoder.requireJson("[".repeat(1 << 20)));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }

    @Test
    void aMegabyteOfNestedObjectsIsRefused() {
        String deep = "{\"a\":".repeat(1 << 18) + "1" + "}".repeat(1 << 18);
        RealtimeException e = assertThrows(RealtimeException.class, () -> PayloadEncoder.requireJson(deep));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }

    @Test
    void aMegabyteArrayOfSeparatorsIsRead() {
        String wide = "[" + "0,".repeat(1 << 19) + "0]";
        assertEquals(wide, new JsonScanner(wide).rawValue());
        assertThrows(RealtimeException.class, () -> PayloadEncoder.requireJson("[" + ",".repeat(1 << 20) + "]"));
    }

    @Test
    void aMegabyteOfEscapesIsDecoded() {
        String escaped = "\"" + "\\u0041\\n".repeat(1 << 17) + "\"";
        assertEquals("A\n".repeat(1 << 17), new JsonScanner(escaped).string());
    }

    @Test
    void aMegabyteOfDigitsIsANumberButNoInteger() {
        String digits = "1".repeat(1 << 20);
        assertEquals(digits, new JsonScanner(digits).rawValue());
        assertThrows(IllegalArgumentException.class, () -> new JsonScanner(digits).integer());
    }

    @Test
    void aMegabyteOfWhitespaceIsNoPayload() {
        assertThrows(RealtimeException.class, () -> PayloadEncoder.requireJson(" \n\t\r".repeat(1 << 18)));
    }

    private static int leadingSpace(String text) {
        int i = 0;
        while (i < text.length() && " \t\n\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int nesting(String text) {
        int open = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                open++;
            }
        }
        return open;
    }
}
