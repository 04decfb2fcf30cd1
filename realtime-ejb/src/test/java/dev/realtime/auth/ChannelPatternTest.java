package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelPatternTest {

    private static Optional<Map<String, String>> match(String pattern, String channel) {
        return new ChannelPattern(pattern).match(channel);
    }

    @Test
    void extractsOneParameter() {
        assertEquals(Optional.of(Map.of("roomId", "42")), match("private-chat.{roomId}", "private-chat.42"));
        assertEquals(
                Optional.of(Map.of("roomId", "a_b-c=d@e,f;g")),
                match("private-chat.{roomId}", "private-chat.a_b-c=d@e,f;g"),
                "a parameter takes every channel character except the dot");
    }

    @Test
    void extractsSeveralParametersInPatternOrder() {
        Map<String, String> params = match("presence-org.{org}.room.{room}", "presence-org.acme.room.7")
                .orElseThrow();
        assertEquals(Map.of("org", "acme", "room", "7"), params);
        assertEquals(List.of("org", "room"), new ArrayList<>(params.keySet()));

        Map<String, String> reversed = match("presence-{b}.{a}", "presence-x.y").orElseThrow();
        assertEquals(List.of("b", "a"), new ArrayList<>(reversed.keySet()));
        assertEquals(Map.of("b", "x", "a", "y"), reversed);
    }

    @Test
    void parameterInTheMiddleOfASegment() {
        assertEquals(Optional.of(Map.of("id", "42")), match("user-{id}-inbox", "user-42-inbox"));
        assertEquals(Optional.of(Map.of("id", "7")), match("{id}", "7"));
    }

    @Test
    void literalPatternMatchesOnlyItself() {
        assertEquals(Optional.of(Map.of()), match("private-orders", "private-orders"));
        assertEquals(Optional.empty(), match("private-orders", "private-orders2"));
        assertEquals(Optional.empty(), match("private-orders", "xprivate-orders"));
        assertEquals(Optional.empty(), match("private-orders", "private-order"));
        assertEquals(Optional.empty(), match("private-orders", "PRIVATE-ORDERS"));
    }

    @Test
    void noMatch() {
        String pattern = "private-chat.{roomId}";
        assertEquals(Optional.empty(), match(pattern, "private-news.42"));
        assertEquals(Optional.empty(), match(pattern, "presence-chat.42"));
        assertEquals(Optional.empty(), match(pattern, "xprivate-chat.42"), "the whole name must match");
        assertEquals(Optional.empty(), match(pattern, "private-chat."), "a parameter is never empty");
        assertEquals(Optional.empty(), match(pattern, "private-chat"));
        assertEquals(Optional.empty(), match(pattern, ""));
        assertEquals(Optional.empty(), match("user-{id}-inbox", "user-42-outbox"));
    }

    @Test
    void aParameterDoesNotMatchDots() {
        assertEquals(Optional.empty(), match("private-chat.{roomId}", "private-chat.4.2"));
        assertEquals(Optional.empty(), match("private-chat.{roomId}", "private-chat.42."));
        assertEquals(Optional.empty(), match("private-chat.{roomId}", "private-chat.."));
        assertEquals(Optional.empty(), match("user.{id}", "user.a.b"));
        assertEquals(Optional.empty(), match("{id}", "a.b"));
        assertEquals(Optional.empty(), match("presence-org.{org}.room.{room}", "presence-org.a.b.room.7"));
        assertEquals(Optional.empty(), match("presence-org.{org}.room.{room}", "presence-org.a.room.b.c"));
    }

    @Test
    void literalLengthCountsCharactersOutsideParameters() {
        assertEquals(13, new ChannelPattern("private-chat.{roomId}").literalLength());
        assertEquals(14, new ChannelPattern("private-chat.{a}.{b}").literalLength());
        assertEquals(19, new ChannelPattern("presence-org.{org}.room.{room}").literalLength());
        assertEquals(11, new ChannelPattern("user-{id}-inbox").literalLength());
        assertEquals(14, new ChannelPattern("private-orders").literalLength());
        assertEquals(0, new ChannelPattern("{id}").literalLength());
        assertEquals(1, new ChannelPattern("{a}.{b}").literalLength());
        assertEquals(0, new ChannelPattern("").literalLength());
        assertTrue(
                new ChannelPattern("private-chat.lobby").literalLength()
                        > new ChannelPattern("private-chat.{roomId}").literalLength(),
                "a literal name is more specific than a pattern over it");
    }

    @Test
    void duplicateParameterNamesAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ChannelPattern("private-{id}.{id}"));
        assertTrue(e.getMessage().contains("{id}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ChannelPattern("{a}.{b}.{a}"));
        // names are case-sensitive, so these are distinct
        assertEquals(Optional.of(Map.of("id", "1", "Id", "2")), match("private-{id}.{Id}", "private-1.2"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "private-{",
                "private-{}",
                "private-{1abc}",
                "private-{room-id}",
                "private-{a}.{",
                "private-{a}.{1b}",
                "private-{room-id}.{x}",
                "{ a }",
            })
    void malformedParametersAreRejected(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChannelPattern(pattern));
        assertTrue(e.getMessage().contains(pattern), e.getMessage());
    }

    @Test
    void regexMetacharactersInTheLiteralPartAreLiteral() {
        // '.' is the only metacharacter that is also a channel-name character: it must not match any character
        assertEquals(Optional.empty(), match("private-chat.{roomId}", "private-chatX42"));
        assertEquals(Optional.empty(), match("a.b", "axb"));
        assertEquals(Optional.of(Map.of()), match("a.b", "a.b"));

        String literal = "p[1]+(x)|$^?*\\E\\Q\\d";
        String pattern = literal + ".{id}";
        assertEquals(Optional.of(Map.of("id", "7")), match(pattern, literal + ".7"));
        assertEquals(Optional.empty(), match(pattern, "p1.7"));
        assertEquals(Optional.empty(), match(pattern, "p11(x)|$^?*\\E\\Q\\d.7"));
        assertEquals(Optional.empty(), match(pattern, "x.7"));
        assertEquals(literal.length() + 1, new ChannelPattern(pattern).literalLength());

        assertEquals(Optional.of(Map.of("id", "1")), match("a+{id}", "a+1"));
        assertEquals(Optional.empty(), match("a+{id}", "aa1"));
    }

    @Test
    void toStringIsTheSource() {
        assertEquals("private-chat.{roomId}", new ChannelPattern("private-chat.{roomId}").toString());
    }
}
