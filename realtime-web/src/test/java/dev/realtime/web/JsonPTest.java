package dev.realtime.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.RealtimeException;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict parse the Pusher frames and the auth endpoint share: exactly one JSON value. */
class JsonPTest {

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"{\"a\":1}", " [1,2] ", "\"s\"", "3", "null"})
    void oneValueIsRead(String text) {
        assertEquals(JsonP.reader(text).readValue(), JsonP.singleValue(text));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"", "{", "{\"a\":1}x", "{\"a\":1}{}", "1 2", "{\"a\":}", "nul"})
    void anythingElseIsNull(String text) {
        assertNull(JsonP.singleValue(text), text);
    }

    @Test
    void deepNestingIsNullNotAnException() {
        assertNull(JsonP.singleValue("[".repeat(100_000)));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"[]", "\"{}\"", "{\"user_id\":\"1\"}\"", "x"})
    void parseObjectRefusesWhatIsNotOneObjectWithoutQuotingIt(String text) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> JsonP.parseObject(text, "channel_data"));
        assertEquals("malformed_frame", e.code());
        assertEquals("Malformed frame: channel_data must be a JSON object", e.getMessage());
    }

    @Test
    void parseObjectGivesTheObject() {
        assertFalse(JsonP.parseObject("{\"user_id\":\"1\"}", "channel_data").isEmpty());
        assertEquals(JsonValue.ValueType.OBJECT, JsonP.parseObject("{}", "x").getValueType());
    }
}
