package dev.realtime.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadEncoderTest {

    private static final int DEFAULT_LIMIT = 10240;

    private final PayloadEncoder encoder = new PayloadEncoder(DEFAULT_LIMIT);

    public record Order(String id, int quantity, List<String> tags) {}

    public static class Pojo {
        public String name = "widget";
        public int count = 3;
        private boolean active = true;

        public boolean isActive() {
            return active;
        }
    }

    // ---- strings ----

    @Test
    void stringBecomesAJsonStringLiteral() {
        assertEquals("\"hello\"", encoder.encode("hello"));
        assertEquals("\"\"", encoder.encode(""));
    }

    @Test
    void stringIsEscaped() {
        String text = "quote \" backslash \\ newline \n tab \t nul \u0000 ls \u2028 é 😀";
        String json = encoder.encode(text);
        assertEquals(Json.quote(text), json);
        assertTrue(json.contains("\\\""));
        assertTrue(json.contains("\\\\"));
        assertTrue(json.contains("\\n"));
        assertTrue(json.contains("\\u0000"));
        assertTrue(json.contains("\\u2028"));
        assertEquals(text, ((jakarta.json.JsonString) parse(json)).getString());
    }

    @Test
    void stringThatLooksLikeJsonIsStillAString() {
        assertEquals("\"{\\\"a\\\":1}\"", encoder.encode("{\"a\":1}"));
    }

    @Test
    void anyCharSequenceIsAString() {
        assertEquals("\"built\"", encoder.encode(new StringBuilder("built")));
    }

    // ---- raw JSON ----

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
                "[1,2,3]",
                "42",
                "-1.5e10",
                "\"text\"",
                "true",
                "false",
                "null",
                "  {\"padded\" : true}  \n",
                "[[[[]]]]"
            })
    void validRawJsonIsKeptVerbatim(String json) {
        assertEquals(json, encoder.encode(new RawJson(json)));
        assertDoesNotThrow(() -> PayloadEncoder.requireJson(json));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "",
                "   ",
                "garbage",
                "{",
                "}",
                "]",
                "{\"a\":}",
                "{'a':1}",
                "{a:1}",
                "[1,]",
                "nul",
                "True",
                "NaN",
                "01",
                "\"unterminated",
                "{} x",
                "{}}",
                "[1]]",
                "1 2",
                "{}{}",
                "[] []",
                "\"a\" \"b\"",
                "null null",
                "{\"a\":1} // comment"
            })
    void invalidRawJsonIsRefused(String json) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> encoder.encode(new RawJson(json)));
        assertEquals("invalid_payload", e.code());
        RealtimeException direct = assertThrows(RealtimeException.class, () -> PayloadEncoder.requireJson(json));
        assertEquals("invalid_payload", direct.code());
    }

    @Test
    void rawJsonRequiresText() {
        assertThrows(NullPointerException.class, () -> new RawJson(null));
    }

    // ---- other values ----

    @Test
    void nullBecomesJsonNull() {
        assertEquals("null", encoder.encode(null));
    }

    @Test
    void numbersAndBooleans() {
        assertEquals("42", encoder.encode(42));
        assertEquals("-7", encoder.encode(-7));
        assertEquals(String.valueOf(Long.MAX_VALUE), encoder.encode(Long.MAX_VALUE));
        assertEquals("true", encoder.encode(true));
        assertEquals("false", encoder.encode(Boolean.FALSE));
        assertEquals(1.5, Double.parseDouble(encoder.encode(1.5)));
        assertEquals(new BigDecimal("12.50"), new BigDecimal(encoder.encode(new BigDecimal("12.50"))));
        assertEquals("3", encoder.encode((short) 3));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteNumbersAreInvalidPayloads(double value) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> encoder.encode(value));
        assertEquals("invalid_payload", e.code());
    }

    @Test
    void recordGoesThroughJsonb() {
        String json = encoder.encode(new Order("o-1", 2, List.of("red", "big")));
        JsonObject object = parse(json).asJsonObject();
        assertEquals("o-1", object.getString("id"));
        assertEquals(2, object.getInt("quantity"));
        assertEquals(
                List.of("red", "big"), object.getJsonArray("tags").getValuesAs(jakarta.json.JsonString::getString));
    }

    @Test
    void pojoGoesThroughJsonb() {
        JsonObject object = parse(encoder.encode(new Pojo())).asJsonObject();
        assertEquals("widget", object.getString("name"));
        assertEquals(3, object.getInt("count"));
        assertTrue(object.getBoolean("active"));
    }

    @Test
    void mapGoesThroughJsonb() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("user", "alice");
        map.put("n", 1);
        map.put("list", List.of(1, 2));
        map.put("nested", Map.of("k", "v"));
        JsonObject object = parse(encoder.encode(map)).asJsonObject();
        assertEquals("alice", object.getString("user"));
        assertEquals(1, object.getInt("n"));
        assertEquals(2, object.getJsonArray("list").size());
        assertEquals("v", object.getJsonObject("nested").getString("k"));
    }

    @Test
    void listGoesThroughJsonb() {
        assertEquals(
                List.of(1, 2, 3),
                parse(encoder.encode(List.of(1, 2, 3))).asJsonArray().stream()
                        .map(v -> ((jakarta.json.JsonNumber) v).intValue())
                        .toList());
    }

    @Test
    void jsonpValuesAreWrittenAsTheyAre() {
        JsonObject object = jakarta.json.Json.createObjectBuilder()
                .add("a", 1)
                .add("b", "two")
                .build();
        assertEquals(object, parse(encoder.encode(object)));
        assertEquals("null", encoder.encode(JsonValue.NULL));
        assertEquals("true", encoder.encode(JsonValue.TRUE));
        assertEquals("\"s\"", encoder.encode(jakarta.json.Json.createValue("s")));
    }

    @Test
    void encodingIsThreadSafe() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            PayloadEncoder shared = new PayloadEncoder(DEFAULT_LIMIT);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    start.await();
                    return shared.encode(new Order("o-" + n, n, List.of()));
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                JsonObject object =
                        parse(results.get(t).get(30, TimeUnit.SECONDS)).asJsonObject();
                assertEquals("o-" + t, object.getString("id"));
                assertEquals(t, object.getInt("quantity"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- limit ----

    @Test
    void defaultLimitAcceptsPayloadExactlyAtTheLimit() {
        String text = "x".repeat(DEFAULT_LIMIT - 2); // plus two quotes
        assertEquals(DEFAULT_LIMIT, encoder.encode(text).length());
        RealtimeException e = assertThrows(RealtimeException.class, () -> encoder.encode(text + "x"));
        assertEquals("payload_too_large", e.code());
        assertTrue(e.getMessage().contains(String.valueOf(DEFAULT_LIMIT + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(DEFAULT_LIMIT)), e.getMessage());
        assertTrue(e.getMessage().contains("realtime.limits.payload-bytes"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "ascii only",
                "é",
                "ßßß",
                "€",
                "€€ and ✓",
                "😀",
                "😀😀😀",
                "𝄞 clef",
                "mix: a é € 😀 \u07ff \u0800 \uffff",
                "escaped \n \" \\ \u0001"
            })
    void limitIsCountedInUtf8BytesExactlyAtAndOneOver(String text) {
        String json = Json.quote(text);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;

        assertEquals(json, new PayloadEncoder(bytes).encode(text), "exactly at the limit");
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(bytes - 1).encode(text), "one over");
        assertEquals("payload_too_large", e.code());
        assertTrue(e.getMessage().contains(String.valueOf(bytes)), e.getMessage());
    }

    @Test
    void limitCountsBytesNotCharacters() {
        String text = "😀".repeat(10); // 20 chars, 40 bytes
        String json = "\"" + text + "\""; // 22 chars, 42 bytes
        assertEquals(22, json.length());
        assertEquals(
                "payload_too_large",
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(41).encode(text))
                        .code());
        assertEquals(json, new PayloadEncoder(42).encode(text));

        String euros = "€".repeat(100); // 3 bytes each
        assertEquals(
                "payload_too_large",
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(301).encode(euros))
                        .code());
        assertEquals(302, new PayloadEncoder(302).encode(euros).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void limitAppliesToRawJsonAndJsonbToo() {
        String raw = "{\"k\":\"é😀\"}"; // 8 ASCII + 2 + 4 bytes
        int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(14, bytes);
        assertEquals(raw, new PayloadEncoder(bytes).encode(new RawJson(raw)));
        assertEquals(
                "payload_too_large",
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(bytes - 1).encode(new RawJson(raw)))
                        .code());

        Map<String, String> map = Map.of("k", "€€");
        String json = encoder.encode(map);
        int mapBytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(json, new PayloadEncoder(mapBytes).encode(map));
        assertEquals(
                "payload_too_large",
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(mapBytes - 1).encode(map))
                        .code());

        assertEquals("null", new PayloadEncoder(4).encode(null));
        assertThrows(RealtimeException.class, () -> new PayloadEncoder(3).encode(null));
    }

    @Test
    void invalidRawJsonIsReportedBeforeTheSize() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> new PayloadEncoder(1).encode(new RawJson("garbage")));
        assertEquals("invalid_payload", e.code());
    }

    @Test
    void utf8LengthMatchesTheJdkForValidStrings() {
        Random random = new Random(42);
        int[] samples = {0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                int cp = random.nextBoolean()
                        ? samples[random.nextInt(samples.length)]
                        : random.nextInt(Character.MAX_CODE_POINT + 1);
                if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                    continue;
                }
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, PayloadEncoder.utf8Length(s), s);
        }
    }

    @Test
    void deeplyNestedRawJsonIsInvalidPayloadNotAParserCrash() {
        PayloadEncoder unlimited = new PayloadEncoder(Integer.MAX_VALUE);
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> unlimited.encode(new RawJson("[".repeat(100_000))));
        assertEquals("invalid_payload", e.code());
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
