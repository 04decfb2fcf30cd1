package dev.realtime.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import jakarta.ws.rs.WebApplicationException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the {@code channels=a,b} parameter of SSE and long-polling: {@link ChannelRequests#parse}
 * gives valid, distinct names within the limit, in request order, or refuses with a 400 {@link
 * WebApplicationException} or {@link RealtimeException} {@code invalid_channel}, nothing else.
 */
class ChannelRequestsFuzzTest {
    private static final int LIMIT = 5;

    private final RealtimeNode node = new RealtimeNode(
            RealtimeSettings.from(key -> Optional.ofNullable(Map.of(
                            "realtime.node.id", "test-node",
                            "realtime.app.secret", "s",
                            "realtime.limits.channels-per-connection", Integer.toString(LIMIT))
                    .get(key))),
            new NoneBroker());

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("AZaz09_-=@.;").ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("news", "private-orders", "presence-room", "user.42", "x".repeat(164)));
    }

    @Provide
    Arbitrary<String> parameters() {
        Arbitrary<String> separator = Arbitraries.of(",", ", ", " ,", ",,", "\t,\n", ", ,");
        Arbitrary<String> valid = Combinators.combine(
                        names().list().ofMinSize(1).ofMaxSize(7), separator)
                .as((n, sep) -> String.join(sep, n));
        return FuzzInputs.nearValid(valid);
    }

    @Property
    void parseGivesValidDistinctNamesOrADocumentedRefusal(@ForAll("parameters") String channels) {
        List<String> names;
        try {
            names = ChannelRequests.parse(node, channels);
        } catch (WebApplicationException refused) {
            assertEquals(400, refused.getResponse().getStatus());
            return;
        } catch (RealtimeException refused) {
            assertEquals("invalid_channel", refused.code(), refused.getMessage());
            return;
        }
        assertFalse(names.isEmpty());
        assertTrue(names.size() <= LIMIT);
        assertEquals(names.size(), Set.copyOf(names).size());
        names.forEach(node.names()::requireChannel);
        List<String> parts =
                Arrays.stream(channels.split(",")).map(String::trim).toList();
        assertTrue(parts.containsAll(names), () -> names + " are not all in " + channels);
    }

    @Property
    void namesJoinedByCommasReadBackInOrder(
            @ForAll("nameLists") List<String> names, @ForAll("separators") List<String> separators) {
        StringBuilder channels = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            channels.append(separators.get(i % separators.size())).append(names.get(i));
        }
        assertEquals(List.copyOf(new LinkedHashSet<>(names)), ChannelRequests.parse(node, channels.toString()));
    }

    @Provide
    Arbitrary<List<String>> nameLists() {
        return names().list().ofMinSize(1).ofMaxSize(LIMIT);
    }

    @Provide
    Arbitrary<List<String>> separators() {
        return Arbitraries.of(",", " , ", ",,", "\t,\r\n").list().ofMinSize(1).ofMaxSize(3);
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfCommasIsMissingChannels() {
        WebApplicationException e =
                assertThrows(WebApplicationException.class, () -> ChannelRequests.parse(node, ",".repeat(1 << 20)));
        assertEquals(400, e.getResponse().getStatus());
    }

    @Test
    void aMegabyteOfOneChannelIsOneChannel() {
        assertEquals(List.of("a"), ChannelRequests.parse(node, "a,".repeat(1 << 19)));
    }

    @Test
    void aMegabyteOfDistinctChannelsIsTooMany() {
        String many = String.join(
                ",", IntStream.range(0, 1 << 17).mapToObj(Integer::toString).toList());
        WebApplicationException e =
                assertThrows(WebApplicationException.class, () -> ChannelRequests.parse(node, many));
        assertEquals(400, e.getResponse().getStatus());
    }

    @Test
    void aMegabyteNameIsInvalid() {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> ChannelRequests.parse(node, "x".repeat(1 << 20)));
        assertEquals("invalid_channel", e.code());
    }
}
