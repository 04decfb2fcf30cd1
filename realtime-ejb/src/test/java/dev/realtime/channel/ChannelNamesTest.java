package dev.realtime.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNamesTest {

    private static final int DEFAULT_CHANNEL_LIMIT = Integer.parseInt(Setting.CHANNEL_NAME_LIMIT.defaultValue());
    private static final int DEFAULT_EVENT_LIMIT = Integer.parseInt(Setting.EVENT_NAME_LIMIT.defaultValue());

    private final ChannelNames names = new ChannelNames(RealtimeSettings.defaults());

    @Test
    void theNodesOwnChannelsAreNobodyElses() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> names.requireChannel(ChannelNames.CLUSTER_CHANNEL));
        assertEquals("invalid_channel", e.code());
        assertThrows(RealtimeException.class, () -> names.requireChannel("realtime-internal-anything"));
        assertEquals(ChannelNames.CLUSTER_CHANNEL, names.requireChannel(ChannelNames.CLUSTER_CHANNEL, true));
        assertEquals("realtime-internals", names.requireChannel("realtime-internals"), "only the prefix is reserved");
        assertTrue(ChannelNames.isInternal(ChannelNames.userChannel("ann")));
        assertTrue(ChannelNames.isInternal(ChannelNames.CLUSTER_CHANNEL));
    }

    @Test
    void defaultLimitsAreThoseOfTheSettings() {
        assertEquals(164, DEFAULT_CHANNEL_LIMIT);
        assertEquals(200, DEFAULT_EVENT_LIMIT);
    }

    // ---- channel names ----

    static Stream<String> validChannels() {
        return Stream.of(
                "a",
                "news",
                "private-orders",
                "presence-room.1",
                "user.42",
                "ABCxyz0189",
                "_-=@,.;",
                "a_b-c=d@e,f.g;h",
                "x".repeat(DEFAULT_CHANNEL_LIMIT));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("validChannels")
    void acceptsValidChannelNames(String name) {
        assertSame(name, names.requireChannel(name));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @NullAndEmptySource
    void rejectsEmptyChannelName(String name) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireChannel(name));
        assertEquals("invalid_channel", e.code());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsChannelNameOneCharacterOverTheDefaultLimit() {
        String name = "x".repeat(DEFAULT_CHANNEL_LIMIT + 1);
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireChannel(name));
        assertEquals("invalid_channel", e.code());
        assertTrue(e.getMessage().contains("165"), e.getMessage());
        assertTrue(e.getMessage().contains("164"), e.getMessage());
    }

    @Test
    void channelLimitComesFromSettings() {
        ChannelNames small = new ChannelNames(RealtimeSettings.from(key -> key.equals(Setting.CHANNEL_NAME_LIMIT.key())
                ? java.util.Optional.of("5")
                : java.util.Optional.empty()));
        small.requireChannel("abcde");
        assertEquals(
                "invalid_channel",
                assertThrows(RealtimeException.class, () -> small.requireChannel("abcdef"))
                        .code());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "with space",
                " leading",
                "trailing ",
                "hash#tag",
                "slash/x",
                "back\\slash",
                "colon:x",
                "star*",
                "plus+",
                "quote\"",
                "apostrophe'",
                "percent%",
                "question?",
                "brace{}",
                "ünïcödé",
                "кирилица",
                "emoji😀",
                "nbsp\u00a0x",
                "tab\tx",
                "new\nline",
                "cr\rx",
                "nul\u0000x",
                "del\u007fx",
                "bell\u0007"
            })
    void rejectsChannelNamesWithCharactersOutsideTheCharset(String name) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireChannel(name));
        assertEquals("invalid_channel", e.code());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void everyAsciiCharacterIsClassifiedAsPusherDoes() {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=@,.;";
        for (char c = 0; c < 0x80; c++) {
            String name = "a" + c + "b";
            if (allowed.indexOf(c) >= 0) {
                assertEquals(name, names.requireChannel(name), "char " + (int) c);
            } else {
                final char bad = c;
                assertThrows(
                        RealtimeException.class, () -> names.requireChannel(name), "char " + (int) bad + " accepted");
            }
        }
    }

    @Test
    void errorMessageDoesNotEchoControlCharacters() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> names.requireChannel("bad\u0000\n\u001bname"));
        for (char c : e.getMessage().toCharArray()) {
            assertFalse(Character.isISOControl(c), "control character " + (int) c + " in message");
        }
    }

    @Test
    void errorMessageShortensVeryLongNames() {
        String name = "x".repeat(100) + " ";
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireChannel(name));
        assertFalse(e.getMessage().contains(name), "whole name echoed");
    }

    // ---- event names ----

    static Stream<String> validEvents() {
        return Stream.of(
                "e",
                "my-event",
                "client-x",
                "App\\Events\\OrderShipped",
                ".App\\Events\\OrderShipped",
                "order.shipped",
                "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
                "pusher",
                "pusher-event",
                "pusherx:y",
                "pusher_internal",
                "my:pusher:event",
                "e".repeat(DEFAULT_EVENT_LIMIT));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("validEvents")
    void acceptsValidEventNames(String name) {
        assertSame(name, names.requireEvent(name));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @NullAndEmptySource
    void rejectsEmptyEventName(String name) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireEvent(name));
        assertEquals("invalid_event", e.code());
    }

    @Test
    void rejectsEventNameOneCharacterOverTheLimit() {
        String name = "e".repeat(DEFAULT_EVENT_LIMIT + 1);
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireEvent(name));
        assertEquals("invalid_event", e.code());
        assertTrue(e.getMessage().contains(String.valueOf(DEFAULT_EVENT_LIMIT)), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "has space",
                " lead",
                "trail ",
                "tab\tx",
                "new\nline",
                "nul\u0000",
                "del\u007f",
                "café",
                "naïve-event",
                "emoji😀",
                "nbsp\u00a0",
                "line\u2028sep"
            })
    void rejectsEventNamesThatAreNotVisibleAscii(String name) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireEvent(name));
        assertEquals("invalid_event", e.code());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "pusher:",
                "pusher:subscribe",
                "pusher:ping",
                "pusher_internal:",
                "pusher_internal:subscription_succeeded",
                "pusher_internal:member_added"
            })
    void rejectsReservedEventPrefixes(String name) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> names.requireEvent(name));
        assertEquals("invalid_event", e.code());
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void constructorLimitsAreUsed() {
        ChannelNames custom = new ChannelNames(3, 2, List.of());
        custom.requireChannel("abc");
        custom.requireEvent("ab");
        assertThrows(RealtimeException.class, () -> custom.requireChannel("abcd"));
        assertThrows(RealtimeException.class, () -> custom.requireEvent("abc"));
    }

    // ---- channel types ----

    @ParameterizedTest(name = "[{index}] {arguments}")
    @CsvSource({
        "news, PUBLIC",
        "users, PUBLIC",
        "user, PUBLIC",
        "userx42, PUBLIC",
        "my-user.42, PUBLIC",
        "private, PUBLIC",
        "presence, PUBLIC",
        "public-private-x, PUBLIC",
        "private-orders, PRIVATE",
        "private-, PRIVATE",
        "private-encrypted-x, PRIVATE",
        "user.42, PRIVATE",
        "user.alice.devices, PRIVATE",
        "user., PRIVATE",
        "presence-room, PRESENCE",
        "presence-, PRESENCE",
        "presence-private-x, PRESENCE",
        "private-presence-x, PRIVATE"
    })
    void classifiesChannelsWithDefaultPatterns(String channel, ChannelType expected) {
        assertEquals(expected, names.typeOf(channel));
    }

    @Test
    void customPrivatePatterns() {
        ChannelNames custom = new ChannelNames(164, 200, List.of("orders.*.admin", "exact", "*-secret"));
        assertEquals(ChannelType.PRIVATE, custom.typeOf("orders.7.admin"));
        assertEquals(ChannelType.PRIVATE, custom.typeOf("orders..admin"));
        assertEquals(ChannelType.PUBLIC, custom.typeOf("orders.7.admins"));
        assertEquals(ChannelType.PRIVATE, custom.typeOf("exact"));
        assertEquals(ChannelType.PUBLIC, custom.typeOf("exactly"));
        assertEquals(ChannelType.PRIVATE, custom.typeOf("my-secret"));
        assertEquals(ChannelType.PUBLIC, custom.typeOf("my-secrets"));
        // the default user.* glob is not active when other patterns are configured
        assertEquals(ChannelType.PUBLIC, custom.typeOf("user.42"));
    }

    @Test
    void noPrivatePatterns() {
        ChannelNames none = new ChannelNames(164, 200, List.of());
        assertEquals(ChannelType.PUBLIC, none.typeOf("user.42"));
        assertEquals(ChannelType.PRIVATE, none.typeOf("private-x"));
        assertEquals(ChannelType.PRESENCE, none.typeOf("presence-x"));
    }

    @Test
    void privatePatternsFromSettings() {
        ChannelNames fromSettings =
                new ChannelNames(RealtimeSettings.from(key -> key.equals(Setting.PRIVATE_PATTERNS.key())
                        ? java.util.Optional.of(" team.* , admin ")
                        : java.util.Optional.empty()));
        assertEquals(ChannelType.PRIVATE, fromSettings.typeOf("team.red"));
        assertEquals(ChannelType.PRIVATE, fromSettings.typeOf("admin"));
        assertEquals(ChannelType.PUBLIC, fromSettings.typeOf("user.42"));
    }

    @Test
    void onlyPrivateAndPresenceRequireAuthorization() {
        assertFalse(ChannelType.PUBLIC.requiresAuthorization());
        assertTrue(ChannelType.PRIVATE.requiresAuthorization());
        assertTrue(ChannelType.PRESENCE.requiresAuthorization());
    }

    // ---- glob ----

    static Stream<Arguments> globs() {
        return Stream.of(
                Arguments.of("user.*", "user.42", true),
                Arguments.of("user.*", "user.", true),
                Arguments.of("user.*", "users", false),
                Arguments.of("user.*", "userX42", false),
                Arguments.of("user.*", "user", false),
                Arguments.of("user.*", "xuser.42", false),
                Arguments.of("*", "", true),
                Arguments.of("*", "anything at all", true),
                Arguments.of("**", "x", true),
                Arguments.of("*.log", ".log", true),
                Arguments.of("*.log", "app.log", true),
                Arguments.of("*.log", "app.logs", false),
                Arguments.of("a*b*c", "abc", true),
                Arguments.of("a*b*c", "aXXbYYc", true),
                Arguments.of("a*b*c", "acb", false),
                Arguments.of("exact", "exact", true),
                Arguments.of("exact", "exactly", false),
                Arguments.of("", "", true),
                Arguments.of("", "x", false),
                Arguments.of("a+b(c)[d]{1}$^|?\\", "a+b(c)[d]{1}$^|?\\", true),
                Arguments.of("a+b", "aab", false),
                Arguments.of("a?c", "abc", false),
                Arguments.of("\\E*", "\\Exyz", true));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("globs")
    void globMatchesWholeNamesWithStarAsWildcard(String glob, String input, boolean matches) {
        Pattern pattern = ChannelNames.glob(glob);
        assertEquals(matches, pattern.matcher(input).matches(), glob + " vs " + input);
    }
}
