package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.FuzzInputs;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.message.PayloadEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link Envelope#decode}, which reads what any program published to the broker: it returns
 * a complete message or throws {@link IllegalArgumentException}, and reads back what {@link
 * Envelope#encode} writes.
 */
class EnvelopeFuzzTest {

    /** A valid envelope: the members in any order, optional ones left out, unknown ones added. */
    @Provide
    Arbitrary<String> envelopes() {
        Arbitrary<String> value = FuzzInputs.json(2);
        Arbitrary<String> string = FuzzInputs.anyString().map(Json::quote);
        Arbitrary<List<String>> optional = Combinators.combine(
                        Arbitraries.of("\"v\":1", ""),
                        string.map(s -> "\"id\":" + s).injectNull(0.3),
                        string.map(s -> "\"origin\":" + s).injectNull(0.3),
                        Arbitraries.longs()
                                .between(0, 999_999_999_999_999_999L)
                                .map(ts -> "\"ts\":" + ts)
                                .injectNull(0.3),
                        Arbitraries.oneOf(string, Arbitraries.just("null"))
                                .map(s -> "\"except\":" + s)
                                .injectNull(0.5),
                        Arbitraries.oneOf(string, Arbitraries.just("null"))
                                .map(s -> "\"user\":" + s)
                                .injectNull(0.5))
                .as((v, id, origin, ts, except, user) -> {
                    List<String> members = new ArrayList<>();
                    for (String m : new String[] {v, id, origin, ts, except, user}) {
                        if (m != null && !m.isEmpty()) {
                            members.add(m);
                        }
                    }
                    return members;
                });
        Arbitrary<List<String>> unknown = Combinators.combine(string, value)
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(3);
        return Combinators.combine(
                        string, string, value, optional, unknown, Arbitraries.longs(), Arbitraries.of("", " ", "\n\t"))
                .as((channel, event, data, opt, extra, seed, space) -> {
                    List<String> members = new ArrayList<>(opt);
                    members.addAll(extra);
                    members.add("\"channel\":" + channel);
                    members.add("\"event\":" + event);
                    members.add("\"data\":" + data);
                    Collections.shuffle(members, new Random(seed));
                    return "{" + space + String.join("," + space, members) + space + "}";
                });
    }

    @Provide
    Arbitrary<String> texts() {
        return FuzzInputs.nearValid(envelopes());
    }

    @Property
    void decodeGivesACompleteMessageOrIllegalArgument(@ForAll("texts") String text) {
        try {
            assertComplete(Envelope.decode(text));
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Property
    void decodeOfAnyBytesGivesACompleteMessageOrIllegalArgument(@ForAll("bytes") byte[] bytes) {
        try {
            assertComplete(Envelope.decode(bytes));
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                FuzzInputs.randomBytes(),
                texts().map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Combinators.combine(texts(), Arbitraries.integers().between(0, 10_000), Arbitraries.bytes())
                        .as((s, at, b) -> {
                            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                            if (utf8.length > 0) {
                                utf8[at % utf8.length] = b;
                            }
                            return utf8;
                        }));
    }

    @Property
    void validEnvelopesAreRead(@ForAll("envelopes") String text) {
        assertComplete(Envelope.decode(text));
    }

    @Property
    void decodeReadsBackWhatEncodeWrote(@ForAll("messages") Message message) {
        assertEquals(message, Envelope.decode(Envelope.encode(message)));
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<String> text = FuzzInputs.wellFormedString();
        return Combinators.combine(
                        text,
                        text,
                        text,
                        FuzzInputs.json(3).filter(FuzzInputs::wellFormed),
                        Arbitraries.longs().between(0, 999_999_999_999_999_999L),
                        text,
                        text.injectNull(0.5),
                        text.injectNull(0.5))
                .as(Message::new);
    }

    private static void assertComplete(Message m) {
        assertNotNull(m.id());
        assertNotNull(m.channel());
        assertNotNull(m.event());
        assertNotNull(m.originNodeId());
        assertTrue(m.timestamp() >= 0);
        assertDoesNotThrow(() -> PayloadEncoder.requireJson(m.data()), m.data());
    }

    // A megabyte of adversarial input finishes and is refused or read.

    @Test
    void aMegabyteOfNestedDataIsRefused() {
        String deep = "{\"channel\":\"c\",\"event\":\"e\",\"data\":" + "[".repeat(1 << 20) + "}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envelope.decode(deep));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }

    @Test
    void aMegabyteOfUnknownMembersIsRead() {
        String many = "{" + "\"x\":[0],".repeat(1 << 17) + "\"channel\":\"c\",\"event\":\"e\",\"data\":1}";
        Message m = Envelope.decode(many.getBytes(StandardCharsets.UTF_8));
        assertEquals("c", m.channel());
        assertEquals("1", m.data());
    }

    @Test
    void aMegabyteOfCommasIsRefused() {
        String commas = "{\"channel\":\"c\"" + ",".repeat(1 << 20) + "}";
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode(commas));
    }

    @Test
    void aMegabyteStringIsRead() {
        String big = "\\\"".repeat(1 << 19);
        Message m = Envelope.decode("{\"channel\":\"c\",\"event\":\"" + big + "\",\"data\":null}");
        assertEquals("\"".repeat(1 << 19), m.event());
    }
}
