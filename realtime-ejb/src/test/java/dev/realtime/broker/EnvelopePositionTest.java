package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.history.HistoryPosition;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A message's history position in the broker envelope: carried when signed, bounded, both or neither. */
class EnvelopePositionTest {
    private static final HistoryPosition AT = new HistoryPosition(17, "9c2f5e01aa3b");
    private static final Message POSITIONED =
            new Message("id-1", "news", "created", "{\"x\":1}", 5L, "node-a", null, null, AT);
    private static final String HEAD = "{\"v\":1,\"id\":\"i\",\"channel\":\"c\",\"event\":\"e\",\"data\":1";

    private static EnvelopeCodec codec(String secret) {
        return EnvelopeCodec.from(RealtimeSettings.from(Map.of("realtime.app.secret", secret)));
    }

    @Test
    void aPositionRoundTripsAndAppearsOnlyWhenSet() {
        String wire = new String(Envelope.encode(POSITIONED), StandardCharsets.UTF_8);
        assertTrue(wire.contains(",\"offset\":17,\"epoch\":\"9c2f5e01aa3b\","), wire);
        assertEquals(POSITIONED, Envelope.decode(Envelope.encode(POSITIONED)));
        Message plain = POSITIONED.withPosition(null);
        assertNull(Envelope.decode(Envelope.encode(plain)).position());
        assertTrue(!new String(Envelope.encode(plain), StandardCharsets.UTF_8).contains("offset"));
    }

    @Test
    void theLargestOffsetPasses() {
        HistoryPosition max = new HistoryPosition(HistoryPosition.OFFSET_LIMIT, "e".repeat(32));
        assertEquals(
                max,
                Envelope.decode(Envelope.encode(POSITIONED.withPosition(max))).position());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                ",\"offset\":3}", // no epoch
                ",\"epoch\":\"abc\"}", // no offset
                ",\"offset\":0,\"epoch\":\"abc\"}",
                ",\"offset\":-4,\"epoch\":\"abc\"}",
                ",\"offset\":9007199254740992,\"epoch\":\"abc\"}", // 2^53
                ",\"offset\":99999999999999999999,\"epoch\":\"abc\"}",
                ",\"offset\":1.5,\"epoch\":\"abc\"}",
                ",\"offset\":\"3\",\"epoch\":\"abc\"}",
                ",\"offset\":3,\"epoch\":\"\"}",
                ",\"offset\":3,\"epoch\":\"a b\"}",
                ",\"offset\":3,\"epoch\":\"a\\nb\"}",
                ",\"offset\":3,\"epoch\":\"123456789012345678901234567890123\"}", // 33 characters
                ",\"offset\":3,\"epoch\":7}",
                ",\"offset\":3,\"epoch\":null}"
            })
    void malformedPositionsAreRefused(String tail) {
        String envelope = HEAD + tail;
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode(envelope), envelope);
        EnvelopeCodec node = codec("s");
        assertNull(node.decode(envelope.getBytes(StandardCharsets.UTF_8), () -> "test"));
        assertEquals(1, node.malformed());
    }

    @Test
    void anOversizedEpochIsRefusedWithoutQuotingIt() {
        String envelope = HEAD + ",\"offset\":3,\"epoch\":\"" + "x".repeat(100_000) + "\"}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envelope.decode(envelope));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void aSignedPositionIsBelievedAnUnsignedOneIsDropped() {
        EnvelopeCodec node = codec("cluster-secret");
        assertEquals(
                AT,
                node.decode(codec("cluster-secret").encode(POSITIONED), () -> "test")
                        .position());
        Message forged = node.decode(codec("attacker").encode(POSITIONED), () -> "test");
        assertEquals("created", forged.event(), "delivered as an ordinary event");
        assertNull(forged.position(), "without a position no node can vouch for");
    }
}
