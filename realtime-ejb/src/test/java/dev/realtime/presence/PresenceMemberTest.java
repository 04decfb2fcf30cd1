package dev.realtime.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceMemberTest {

    static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void toJsonWithUserInfo() {
        PresenceMember member = new PresenceMember("10", "{\"name\":\"Mr. Channels\"}");
        assertEquals("{\"user_id\":\"10\",\"user_info\":{\"name\":\"Mr. Channels\"}}", member.toJson());
        JsonObject json = parse(member.toJson());
        assertEquals("10", json.getString("user_id"));
        assertEquals("Mr. Channels", json.getJsonObject("user_info").getString("name"));
    }

    @Test
    void userInfoIsEmbeddedVerbatim() {
        assertEquals(
                "{\"user_id\":\"u\",\"user_info\":[1, 2 ,\"x\"]}", new PresenceMember("u", "[1, 2 ,\"x\"]").toJson());
        assertEquals("{\"user_id\":\"u\",\"user_info\":\"text\"}", new PresenceMember("u", "\"text\"").toJson());
        assertEquals("{\"user_id\":\"u\",\"user_info\":{}}", new PresenceMember("u", "{}").toJson());
    }

    @Test
    void toJsonWithoutUserInfo() {
        PresenceMember member = new PresenceMember("alice", null);
        assertEquals("{\"user_id\":\"alice\",\"user_info\":null}", member.toJson());
        JsonObject json = parse(member.toJson());
        assertEquals("alice", json.getString("user_id"));
        assertEquals(JsonValue.NULL, json.get("user_info"));
    }

    @Test
    void userIdIsEscaped() {
        for (String id : List.of(
                "a\"b",
                "back\\slash",
                "line\nbreak",
                "tab\there",
                "\u0000\u001f",
                "sep\u2028\u2029",
                "é😀",
                "",
                "</script>")) {
            String text = new PresenceMember(id, null).toJson();
            assertEquals(id, parse(text).getString("user_id"), text);
            assertEquals(2, parse(text).size(), text);
            for (char c : text.toCharArray()) {
                assertTrue(c >= 0x20 && c != '\u2028' && c != '\u2029', "raw control character in " + text);
            }
        }
        assertEquals(
                "{\"user_id\":\"a\\\"b\\\\c\\n\",\"user_info\":null}", new PresenceMember("a\"b\\c\n", null).toJson());
    }

    @Test
    void aQuoteInTheUserIdCannotInjectFields() {
        String id = "x\",\"user_info\":{\"admin\":true},\"y\":\"";
        JsonObject json = parse(new PresenceMember(id, "{\"admin\":false}").toJson());
        assertEquals(id, json.getString("user_id"));
        assertEquals(false, json.getJsonObject("user_info").getBoolean("admin"));
        assertEquals(2, json.size());
    }

    @Test
    void userIdIsRequired() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new PresenceMember(null, "{}"));
        assertTrue(e.getMessage().contains("userId"), e.getMessage());
    }

    @Test
    void valueEquality() {
        assertEquals(new PresenceMember("a", "{}"), new PresenceMember("a", "{}"));
        assertEquals(new PresenceMember("a", null), new PresenceMember("a", null));
        assertNotEquals(new PresenceMember("a", "{}"), new PresenceMember("a", null));
        assertNotEquals(new PresenceMember("a", null), new PresenceMember("b", null));
    }
}
