package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    private static final String HEAD =
            "{\"v\":1,\"id\":\"i\",\"channel\":\"c\",\"event\":\"e\",\"origin\":\"o\",\"ts\":5";

    private static Message roundTrip(Message m) {
        return Envelope.decode(Envelope.encode(m));
    }

    private static String withData(String data) {
        return HEAD + ",\"data\":" + data + "}";
    }

    @Test
    void roundTripsEveryFieldWithExceptAndUser() {
        Message m = new Message(
                "id-1", "presence-room.7", "client-moved", "{\"x\":1}", 1_700_000_000_123L, "node-a", "123.456", "42");
        Message back = roundTrip(m);
        assertEquals(m, back);
        assertEquals("123.456", back.exceptSocketId());
        assertEquals("42", back.userId());
    }

    @Test
    void roundTripsWithoutExceptAndUser() {
        Message m = new Message("id-2", "news", "created", "[1,2]", 0L, "node-b", null);
        Message back = roundTrip(m);
        assertEquals(m, back);
        assertNull(back.exceptSocketId());
        assertNull(back.userId());
        String text = new String(Envelope.encode(m), StandardCharsets.UTF_8);
        assertFalse(text.contains("\"except\""), text);
        assertFalse(text.contains("\"user\""), text);
    }

    @Test
    void roundTripsStringFieldsThatNeedEscaping() {
        Message m = new Message(
                "id \"q\" \\ / \t\n\r\b\f \u0001",
                "ch\u00e9\u4e2d\ud83d\ude00",
                "ev\u2028\u2029",
                "\"\\u00e9\\n\\\"\"",
                42L,
                "or\\igin",
                "s\"ock",
                "us\ter");
        assertEquals(m, roundTrip(m));
    }

    @Test
    void encodeStartsWithTheVersionAndWritesDataLast() {
        Message m = new Message("i", "c", "e", "{\"k\":[true]}", 7L, "o", "1.2", "u");
        String text = new String(Envelope.encode(m), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"v\":1,"), text);
        assertTrue(text.endsWith(",\"data\":{\"k\":[true]}}"), text);
    }

    @ParameterizedTest(name = "data {0} round-trips verbatim")
    @ValueSource(
            strings = {
                "{}",
                "{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":null}]},\"e\":\"f\"}",
                "[]",
                "[1,\"two\",3.5,true,false,null,{},[]]",
                "\"\"",
                "\"plain\"",
                "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
                "\"unicode \\u00e9 \\u4E2D \\ud83d\\ude00 \u00e9 \u4e2d \ud83d\ude00\"",
                "0",
                "-0",
                "42",
                "-17",
                "3.14159",
                "-0.5",
                "1e10",
                "1E10",
                "1e+10",
                "1e-10",
                "-1.25E-3",
                "123456789012345678901234567890",
                "true",
                "false",
                "null",
                "{ \"spaced\" :\t[ 1 ,\n 2 ]\r\n }",
                "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]"
            })
    void roundTripsDataOfEveryJsonKindVerbatim(String data) {
        Message m = new Message("i", "c", "e", data, 1L, "o", null);
        assertEquals(data, roundTrip(m).data());
        assertEquals(data, Envelope.decode(withData(data)).data());
    }

    @Test
    void deeplyNestedDataIsAccepted() {
        String data =
                "[".repeat(200) + "{\"x\":" + "{\"y\":".repeat(100) + "1" + "}".repeat(100) + "}" + "]".repeat(200);
        assertEquals(data, Envelope.decode(withData(data)).data());
    }

    @Test
    void absurdlyDeepNestingIsRejected() {
        String data = "[".repeat(5000) + "]".repeat(5000);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Envelope.decode(withData(data)));
        assertTrue(e.getMessage().startsWith("malformed envelope"), e.getMessage());
    }

    @Test
    void dataIsCopiedVerbatimIncludingInnerWhitespace() {
        String data = "{ \"a\" :  [ 1 ,\t2 ] ,\n  \"b\" : \"x  y\" }";
        String text = HEAD + ",\"data\":   " + data + "   }";
        assertEquals(data, Envelope.decode(text).data());
    }

    @Test
    void whitespaceAroundMembersIsAllowed() {
        String text =
                " \n{ \"v\" : 1 ,\t\"id\" : \"i\" ,\r\n \"channel\" :\"c\", \"event\": \"e\" , \"origin\" : \"o\" ,"
                        + " \"ts\" : 9 , \"except\" : \"1.1\" , \"user\" : \"u\" , \"data\" : [ ] } \n\t";
        Message m = Envelope.decode(text);
        assertEquals(new Message("i", "c", "e", "[ ]", 9L, "o", "1.1", "u"), m);
    }

    @Test
    void unknownMembersAreIgnoredWhateverTheirValue() {
        String text = "{\"future\":{\"nested\":{\"deep\":[1,{\"x\":\"}\"}]}},\"channel\":\"c\",\"extra\":[1,2],"
                + "\"event\":\"e\",\"flag\":true,\"n\":-1.5e3,\"nothing\":null,\"s\":\"\\\"\",\"data\":7}";
        Message m = Envelope.decode(text);
        assertEquals("c", m.channel());
        assertEquals("e", m.event());
        assertEquals("7", m.data());
    }

    @Test
    void memberOrderIsFree() {
        String text = "{\"data\":{\"a\":1},\"user\":\"u\",\"except\":\"9.9\",\"ts\":3,\"origin\":\"o\","
                + "\"event\":\"e\",\"channel\":\"c\",\"id\":\"i\",\"v\":1}";
        assertEquals(new Message("i", "c", "e", "{\"a\":1}", 3L, "o", "9.9", "u"), Envelope.decode(text));
    }

    @Test
    void exceptAndUserMayBeNull() {
        String text = "{\"channel\":\"c\",\"event\":\"e\",\"except\":null,\"user\":null,\"data\":1}";
        Message m = Envelope.decode(text);
        assertNull(m.exceptSocketId());
        assertNull(m.userId());
    }

    @Test
    void foreignPublisherGetsDefaults() {
        long before = System.currentTimeMillis();
        Message m = Envelope.decode(
                "{\"channel\":\"news\",\"event\":\"created\",\"data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8));
        long after = System.currentTimeMillis();
        assertEquals(Envelope.FOREIGN_ORIGIN, m.originNodeId());
        assertEquals("external", m.originNodeId());
        assertTrue(m.timestamp() >= before && m.timestamp() <= after, "ts " + m.timestamp());
        assertEquals(m.id(), UUID.fromString(m.id()).toString());
        assertNull(m.exceptSocketId());
        assertNull(m.userId());
        assertEquals("{\"x\":1}", m.data());

        Message other = Envelope.decode("{\"channel\":\"news\",\"event\":\"created\",\"data\":1}");
        assertNotEquals(m.id(), other.id());
    }

    @Test
    void tenKilobytePayloadRoundTrips() {
        StringBuilder data = new StringBuilder("{\"items\":[");
        for (int i = 0; data.length() < 10_240; i++) {
            if (i > 0) {
                data.append(',');
            }
            data.append("{\"n\":")
                    .append(i)
                    .append(",\"s\":\"caf\\u00e9 \u00e9 \\\"")
                    .append(i)
                    .append("\\\"\"}");
        }
        data.append("]}");
        assertTrue(data.length() >= 10_240);
        Message m = new Message("big", "news", "bulk", data.toString(), 11L, "node", "1.1", "u");
        assertEquals(m, roundTrip(m));
    }

    static Stream<String> malformed() {
        return Stream.of(
                "",
                "   ",
                "null",
                "[]",
                "\"text\"",
                "{",
                "{\"channel\":\"c\"",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":{\"a\":1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1}x",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1}}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1} {}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1,}",
                "{,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"channel\":\"c\" \"event\":\"e\",\"data\":1}",
                "{\"channel\"\"c\",\"event\":\"e\",\"data\":1}",
                "{channel:\"c\",\"event\":\"e\",\"data\":1}",
                "{'channel':'c','event':'e','data':1}",
                "{\"channel\":c,\"event\":\"e\",\"data\":1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":undefined}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":True}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":nul}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":NaN}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":Infinity}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":01}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":-01}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1.}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":.5}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":-}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":+1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1e}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1e+}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":0x10}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":[1,2}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":[1,2",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":[1,]}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":[,1]}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":{\"a\"}}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":{\"a\":}}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":{a:1}}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":{\"a\":1,}}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"unterminated}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"bad \\x escape\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"bad \\u12G4\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"short \\u12\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"sign \\u+041\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"sign \\u-041\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"trailing \\",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"tab\there\"}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":\"new\nline\"}",
                "{\"channel\":\"c\u0000\",\"event\":\"e\",\"data\":1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"data\":1,\"v\":2}",
                "{\"v\":0,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"v\":\"1\",\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"v\":01,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"v\":1.0,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"v\":\u0661,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"ts\":\"now\",\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"ts\":-,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"ts\":0123,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"ts\":12345678901234567890,\"channel\":\"c\",\"event\":\"e\",\"data\":1}",
                "{\"channel\":1,\"event\":\"e\",\"data\":1}",
                "{\"channel\":null,\"event\":\"e\",\"data\":1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"except\":5,\"data\":1}",
                "{\"channel\":\"c\",\"event\":\"e\",\"user\":nullx,\"data\":1}",
                "{\"event\":\"e\",\"data\":1}",
                "{\"channel\":\"c\",\"data\":1}",
                "{\"channel\":\"c\",\"event\":\"e\"}",
                "{}");
    }

    @ParameterizedTest(name = "malformed envelope {0} is rejected")
    @MethodSource("malformed")
    void malformedInputIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envelope.decode(text));
        String msg = e.getMessage();
        assertTrue(
                msg.startsWith("malformed envelope")
                        || msg.startsWith("envelope needs channel, event and data")
                        || msg.startsWith("unsupported envelope version"),
                msg);
    }

    @Test
    void missingMembersAreNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Envelope.decode("{\"channel\":\"c\",\"event\":\"e\"}"));
        assertTrue(e.getMessage().contains("channel, event and data"), e.getMessage());
    }

    @Test
    void unsupportedVersionIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Envelope.decode("{\"v\":2,\"channel\":\"c\",\"event\":\"e\",\"data\":1}"));
        assertEquals("unsupported envelope version 2", e.getMessage());
    }

    @Test
    void malformedMessageGivesTheOffset() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Envelope.decode(withData("01")));
        assertTrue(e.getMessage().startsWith("malformed envelope: "), e.getMessage());
        assertTrue(e.getMessage().contains(" at offset "), e.getMessage());
    }
}
