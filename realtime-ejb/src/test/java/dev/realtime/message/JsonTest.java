package dev.realtime.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void emptyString() {
        assertEquals("\"\"", Json.quote(""));
    }

    @Test
    void plainTextIsOnlyWrappedInQuotes() {
        assertEquals("\"hello world\"", Json.quote("hello world"));
        assertEquals("\"a/b\"", Json.quote("a/b"), "the solidus needs no escape");
        assertEquals("\"café € 😀\"", Json.quote("café € 😀"), "non-ASCII stays literal");
        assertEquals("\"\u007f\"", Json.quote("\u007f"), "DEL is not a control character in JSON");
    }

    @Test
    void quotesAndBackslashes() {
        assertEquals("\"say \\\"hi\\\"\"", Json.quote("say \"hi\""));
        assertEquals("\"C:\\\\dir\\\\file\"", Json.quote("C:\\dir\\file"));
        assertEquals("\"\\\\\\\"\"", Json.quote("\\\""));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10|\\n",
                "13|\\r",
                "9|\\t",
                "8|\\b",
                "12|\\f",
                "0|\\u0000",
                "1|\\u0001",
                "11|\\u000b",
                "27|\\u001b",
                "31|\\u001f",
                "8232|\\u2028",
                "8233|\\u2029"
            })
    void controlCharactersAndLineSeparatorsAreEscaped(int code, String escaped) {
        assertEquals("\"" + escaped + "\"", Json.quote(String.valueOf((char) code)));
        assertEquals("\"a" + escaped + "b\"", Json.quote("a" + (char) code + "b"));
    }

    @Test
    void outputNeverContainsRawControlCharacters() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append('\u2028').append('\u2029');
        String quoted = Json.quote(all);
        for (char c : quoted.toCharArray()) {
            assertTrue(c >= 0x20 && c != '\u2028' && c != '\u2029', "raw char " + (int) c);
        }
    }

    @Test
    void appendsToTheGivenBuilder() {
        StringBuilder out = new StringBuilder("[");
        StringBuilder returned = Json.quote(out, "x\"y");
        assertSame(out, returned);
        assertEquals("[\"x\\\"y\"", out.toString());
    }

    @Test
    void acceptsAnyCharSequence() {
        assertEquals("\"sb\\n\"", Json.quote(new StringBuilder("sb\n")));
    }

    @Test
    void everyAsciiCharacterAndSomeUnicodeRoundTripThroughAJsonParser() {
        StringBuilder original = new StringBuilder();
        for (char c = 0; c <= 0x7f; c++) {
            original.append(c);
        }
        original.append("é ß € ✓ \u2028 \u2029 \u00a0 \ufeff \uffff 漢字 😀 𝄞");
        String text = original.toString();

        String quoted = Json.quote(text);
        assertEquals(text, parseString(quoted));

        // also inside a larger document
        String doc = "[" + quoted + "," + Json.quote("second") + "]";
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(doc))) {
            JsonArray array = reader.readArray();
            assertEquals(text, array.getString(0));
            assertEquals("second", array.getString(1));
        }
    }

    @Test
    void everySingleBmpCharacterRoundTrips() {
        StringBuilder doc = new StringBuilder("[");
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String text = "<" + (char) c + ">";
            expected.add(text);
            if (doc.length() > 1) {
                doc.append(',');
            }
            Json.quote(doc, text);
        }
        doc.append(']');
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(doc.toString()))) {
            JsonArray array = reader.readArray();
            assertEquals(expected.size(), array.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), array.getString(i));
            }
        }
    }

    private static String parseString(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            assertEquals(JsonValue.ValueType.STRING, value.getValueType());
            return ((JsonString) value).getString();
        }
    }
}
