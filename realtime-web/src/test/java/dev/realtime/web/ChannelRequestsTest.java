package dev.realtime.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelRequestsTest {

    private static RealtimeNode node(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(Map.of("realtime.node.id", "test-node", "realtime.app.secret", "s"));
        all.putAll(config);
        return new RealtimeNode(RealtimeSettings.from(key -> Optional.ofNullable(all.get(key))), new NoneBroker());
    }

    private final RealtimeNode node = node(Map.of("realtime.limits.channels-per-connection", "3"));

    /** The call fails with that status and the JSON error body {@code {"error":code,"message":…}}. */
    private static JsonObject assertError(int status, String code, Executable call) {
        WebApplicationException e = assertThrows(WebApplicationException.class, call);
        Response response = e.getResponse();
        assertEquals(status, response.getStatus());
        assertTrue(MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType()));
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader((String) response.getEntity()))) {
            body = reader.readObject();
        }
        assertEquals(code, body.getString("error"));
        assertTrue(!body.getString("message").isBlank());
        assertEquals(body.getString("message"), e.getMessage());
        return body;
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n", ",", " , ,, ", ",,,"})
    void missingChannels(String channels) {
        assertError(400, "missing_channels", () -> ChannelRequests.parse(node, channels));
    }

    @Test
    void oneChannel() {
        assertEquals(List.of("news"), ChannelRequests.parse(node, "news"));
    }

    @Test
    void trimsCollapsesDuplicatesAndKeepsOrder() {
        assertEquals(List.of("b", "a", "c"), ChannelRequests.parse(node, " b ,a,\tb, a ,,c,b\n"));
    }

    @Test
    void duplicatesDoNotCountAgainstTheLimit() {
        assertEquals(List.of("a", "b", "c"), ChannelRequests.parse(node, "a,b,a,c,b,a,c"));
    }

    @Test
    void resultIsImmutable() {
        List<String> names = ChannelRequests.parse(node, "a,b");
        assertThrows(UnsupportedOperationException.class, () -> names.add("c"));
    }

    @Test
    void tooManyChannels() {
        assertError(400, "too_many_channels", () -> ChannelRequests.parse(node, "a,b,c,d"));
        assertEquals(List.of("a", "b", "c"), ChannelRequests.parse(node, "a,b,c"));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "private-orders",
                "presence-room",
                "user.42",
                "news,private-orders",
                "presence-room,news",
                " user.ann ",
                "a,b,user.x"
            })
    void parsingOnlyValidatesNamesAuthorizationComesAfter(String channels) {
        // private and presence channels are authorized by ChannelRequests.authorize (see ChannelAuthIT)
        assertEquals(
                Arrays.stream(channels.split(",")).map(String::trim).toList(), ChannelRequests.parse(node, channels));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "bad channel",
                "news,b!d",
                "é",
                "a/b",
                "quote\"",
                "tab\tinside",
                "x\u0000y",
                "private-ok,bad channel"
            })
    void invalidNames(String channels) {
        RealtimeException e = assertThrows(RealtimeException.class, () -> ChannelRequests.parse(node, channels));
        assertEquals("invalid_channel", e.code());
    }

    @Test
    void nameOverTheLengthLimitIsInvalid() {
        RealtimeException e = assertThrows(RealtimeException.class, () -> ChannelRequests.parse(node, "x".repeat(165)));
        assertEquals("invalid_channel", e.code());
        assertEquals(List.of("x".repeat(164)), ChannelRequests.parse(node, "x".repeat(164)));
    }

    @Test
    void everyValidCharacter() {
        String name = "AZaz09_-=@.;";
        assertEquals(List.of(name), ChannelRequests.parse(node, name));
    }

    @Test
    void requireTransport() {
        RealtimeNode some = node(Map.of("realtime.transports", "websocket, sse"));

        assertDoesNotThrow(() -> ChannelRequests.requireTransport(some, "websocket"));
        assertDoesNotThrow(() -> ChannelRequests.requireTransport(some, "sse"));
        JsonObject body =
                assertError(404, "transport_disabled", () -> ChannelRequests.requireTransport(some, "longpolling"));
        assertTrue(body.getString("message").contains("longpolling"));
        assertError(404, "transport_disabled", () -> ChannelRequests.requireTransport(some, "memory"));
    }

    @Test
    void everyTransportIsEnabledByDefault() {
        for (String transport : List.of("websocket", "sse", "longpolling")) {
            assertDoesNotThrow(() -> ChannelRequests.requireTransport(node, transport));
        }
    }
}
