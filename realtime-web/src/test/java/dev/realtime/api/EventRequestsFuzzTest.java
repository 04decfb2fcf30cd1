package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.message.Json;
import dev.realtime.message.JsonScanner;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.FuzzInputs;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the bodies of the HTTP publish API: {@link EventRequests#event} and {@link
 * EventRequests#batch} give validated events or refuse with their documented errors (a 400 {@link
 * WebApplicationException}, or {@link RealtimeException} {@code invalid_channel}, {@code
 * invalid_event}, {@code payload_too_large}), nothing else; a body built from valid parts reads back
 * to those parts.
 */
class EventRequestsFuzzTest {
    private static final Set<String> REALTIME_CODES = Set.of("invalid_channel", "invalid_event", "payload_too_large");
    private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");

    private final RealtimeNode node = ApiTesting.node(Map.of());
    /** For the round trip: generated data may pass the default 10 KB payload limit. */
    private final RealtimeNode roomy = ApiTesting.node(Map.of("realtime.limits.payload-bytes", "1048576"));

    /** One event as a server SDK writes it; {@code channels} with one name may be sent as {@code channel}. */
    record Parts(String name, List<String> channels, boolean single, String data, String socketId) {
        String json() {
            List<String> members = new ArrayList<>();
            members.add("\"name\":" + Json.quote(name));
            if (single) {
                members.add("\"channel\":" + Json.quote(channels.get(0)));
            } else {
                members.add("\"channels\":["
                        + String.join(",", channels.stream().map(Json::quote).toList()) + "]");
            }
            members.add("\"data\":" + Json.quote(data));
            if (socketId != null) {
                members.add("\"socket_id\":" + Json.quote(socketId));
            }
            return "{" + String.join(",", members) + "}";
        }
    }

    @Provide
    Arbitrary<Parts> parts() {
        Arbitrary<String> name = Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(n -> !n.startsWith("pusher:") && !n.startsWith("pusher_internal:"));
        Arbitrary<String> channel =
                Arbitraries.strings().withChars("AZaz09_-=@,.;").ofMinLength(1).ofMaxLength(30);
        // the body is UTF-8: no lone surrogates
        Arbitrary<String> data =
                Arbitraries.oneOf(FuzzInputs.json(2), FuzzInputs.anyString()).filter(FuzzInputs::wellFormed);
        Arbitrary<String> socketId = Combinators.combine(
                        Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.longs().greaterOrEqual(0))
                .as((a, b) -> a + "." + b)
                .injectNull(0.5);
        return Combinators.combine(
                        name, channel.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false), data, socketId)
                .as((n, c, single, d, s) -> new Parts(n, single ? c.subList(0, 1) : c, single, d, s));
    }

    @Provide
    Arbitrary<String> events() {
        return FuzzInputs.nearValid(parts().map(Parts::json));
    }

    @Provide
    Arbitrary<String> batches() {
        return FuzzInputs.nearValid(
                events().list().ofMaxSize(12).map(items -> "{\"batch\":[" + String.join(",", items) + "]}"));
    }

    @Property
    void eventGivesAValidEventOrADocumentedRefusal(@ForAll("events") String body) {
        ApiEvent event = readOrRefuse(() -> EventRequests.event(node, body.getBytes(StandardCharsets.UTF_8)));
        if (event != null) {
            assertValid(event);
            assertTrue(oneJsonValue(body), () -> "accepted a body that is not one JSON value: " + body);
        }
    }

    @Property
    void batchGivesValidEventsOrADocumentedRefusal(@ForAll("batches") String body) {
        List<ApiEvent> events = readOrRefuse(() -> EventRequests.batch(node, body.getBytes(StandardCharsets.UTF_8)));
        if (events != null) {
            assertTrue(events.size() <= EventRequests.MAX_BATCH);
            events.forEach(this::assertValid);
            assertTrue(oneJsonValue(body), () -> "accepted a body that is not one JSON value: " + body);
        }
    }

    @Property
    void anyBytesGiveAnEventOrADocumentedRefusal(@ForAll("bytes") byte[] body) {
        ApiEvent event = readOrRefuse(() -> EventRequests.event(node, body));
        if (event != null) {
            assertValid(event);
        }
        List<ApiEvent> events = readOrRefuse(() -> EventRequests.batch(node, body));
        if (events != null) {
            events.forEach(this::assertValid);
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                FuzzInputs.randomBytes(),
                Combinators.combine(events(), Arbitraries.integers().between(0, 10_000), Arbitraries.bytes())
                        .as((s, at, b) -> {
                            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                            if (utf8.length > 0) {
                                utf8[at % utf8.length] = b;
                            }
                            return utf8;
                        }));
    }

    @Property
    void aBodyOfValidPartsReadsBackToThem(@ForAll("parts") Parts parts) {
        ApiEvent event = EventRequests.event(roomy, parts.json().getBytes(StandardCharsets.UTF_8));
        assertEquals(parts.name(), event.name());
        assertEquals(List.copyOf(new LinkedHashSet<>(parts.channels())), event.channels());
        assertEquals(parts.socketId(), event.socketId());
        assertEquals(oneJsonValue(parts.data()) ? new RawJson(parts.data()) : parts.data(), event.payload());
    }

    private static <T> T readOrRefuse(Supplier<T> read) {
        try {
            return read.get();
        } catch (WebApplicationException refused) {
            assertEquals(400, refused.getResponse().getStatus());
            return null;
        } catch (RealtimeException refused) {
            assertTrue(REALTIME_CODES.contains(refused.code()), refused.code());
            return null;
        }
    }

    private void assertValid(ApiEvent event) {
        node.names().requireEvent(event.name());
        assertFalse(event.channels().isEmpty());
        assertTrue(event.channels().size() <= EventRequests.MAX_CHANNELS);
        assertEquals(event.channels().size(), Set.copyOf(event.channels()).size());
        event.channels().forEach(node.names()::requireChannel);
        assertTrue(event.payload() instanceof RawJson || event.payload() instanceof String);
        assertTrue(
                event.socketId() == null || SOCKET_ID.matcher(event.socketId()).matches());
    }

    /** One JSON value after an optional byte order mark (RFC 8259 lets a parser ignore it, as Parsson does). */
    private static boolean oneJsonValue(String text) {
        try {
            JsonScanner scanner = new JsonScanner(text.startsWith("\ufeff") ? text.substring(1) : text);
            scanner.rawValue();
            return scanner.atEnd();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfNestingIsInvalidBody() {
        byte[] body =
                ("{\"name\":\"e\",\"channel\":\"c\",\"data\":" + "[".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> EventRequests.event(node, body));
        assertEquals(400, e.getResponse().getStatus());
    }

    @Test
    void aMegabyteOfChannelsIsTooMany() {
        String channels = "\"c\",".repeat(1 << 18) + "\"c\"";
        byte[] body =
                ("{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"{}\"}").getBytes(StandardCharsets.UTF_8);
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> EventRequests.event(node, body));
        assertEquals(400, e.getResponse().getStatus());
    }

    @Test
    void aMegabyteOfDataIsTooLarge() {
        String data = Json.quote("[" + "0,".repeat(1 << 19) + "0]");
        byte[] body = ("{\"name\":\"e\",\"channel\":\"c\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
        RealtimeException e = assertThrows(RealtimeException.class, () -> EventRequests.event(node, body));
        assertEquals("payload_too_large", e.code());
    }

    @Test
    void aMegabyteOfDeeplyNestedDataIsTooLargeOrAString() {
        String data = Json.quote("[".repeat(1 << 20));
        byte[] body = ("{\"name\":\"e\",\"channel\":\"c\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
        RealtimeException e = assertThrows(RealtimeException.class, () -> EventRequests.event(node, body));
        assertEquals("payload_too_large", e.code());
    }

    /** Found by the fuzzer: Parsson's JsonReader ignored what follows the value. */
    @Test
    void aBodyWithTrailingTextIsInvalid() {
        byte[] body = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"{}\"}\"".getBytes(StandardCharsets.UTF_8);
        ApiTesting.assertError(400, "invalid_body", () -> EventRequests.event(node, body));
        byte[] batch = "{\"batch\":[]} []".getBytes(StandardCharsets.UTF_8);
        ApiTesting.assertError(400, "invalid_body", () -> EventRequests.batch(node, batch));
    }
}
