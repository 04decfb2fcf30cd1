package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signing and checking of broker envelopes: valid, forged, tampered, missing signatures, and the rules. */
class EnvelopeCodecTest {
    private static final Supplier<String> SOURCE = () -> "test";
    private static final Message MEMBER_ADDED = new Message(
            "id-1", "presence-room", "pusher_internal:member_added", "{\"user_id\":\"7\"}", 1L, "node-a", null);
    private static final Message TO_OTHERS =
            new Message("id-2", "news", "created", "{\"x\":1}", 2L, "node-a", "123.456", "42");

    private static EnvelopeCodec codec(String secret, String unsigned) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.app.secret", secret);
        values.put("realtime.broker.unsigned", unsigned);
        return EnvelopeCodec.from(RealtimeSettings.from(values));
    }

    private static EnvelopeCodec codec(String secret) {
        return codec(secret, "deliver");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNodeOfTheSameClusterIsBelievedWhole() {
        byte[] wire = codec("cluster-secret").encode(TO_OTHERS);
        EnvelopeCodec other = codec("cluster-secret");

        Message got = other.decode(wire, SOURCE);

        assertEquals(TO_OTHERS, got, "origin, except and user are honoured");
        assertEquals(MEMBER_ADDED, other.decode(codec("cluster-secret").encode(MEMBER_ADDED), SOURCE));
        assertEquals(0, other.refused());
        assertEquals(0, other.unsigned());
    }

    @Test
    void aSignatureWithAnotherSecretIsForgedAndItsRoutingFieldsAreIgnored() {
        EnvelopeCodec node = codec("cluster-secret");
        byte[] forged = codec("attacker-guess").encode(TO_OTHERS);

        Message got = node.decode(forged, SOURCE);

        assertNotNull(got, "delivered as an ordinary event");
        assertEquals(Envelope.FOREIGN_ORIGIN, got.originNodeId());
        assertNull(got.exceptSocketId());
        assertNull(got.userId());
        assertEquals(TO_OTHERS.data(), got.data());
        assertEquals(1, node.unsigned());
        assertNull(node.decode(codec("attacker-guess").encode(MEMBER_ADDED), SOURCE), "no reserved event");
        assertEquals(1, node.refused());
    }

    @Test
    void theNodesOwnChannelIsTakenOnlyFromTheCluster() {
        Message control = new Message(
                "c-1",
                dev.realtime.channel.ChannelNames.CLUSTER_CHANNEL,
                "heartbeat",
                "{\"boot\":\"b\",\"seq\":0,\"connections\":0,\"sent\":0}",
                1L,
                "node-a",
                null);
        EnvelopeCodec node = codec("cluster-secret");
        assertEquals(control, node.decode(codec("cluster-secret").encode(control), SOURCE), "signed: taken");
        assertNull(node.decode(codec("attacker-guess").encode(control), SOURCE), "forged: refused, not delivered");
        assertEquals(1, node.refused());
        assertEquals(0, node.unsigned());
    }

    @Test
    void aTamperedEnvelopeNoLongerVerifies() {
        EnvelopeCodec node = codec("cluster-secret");
        String signed = new String(node.encode(MEMBER_ADDED), StandardCharsets.UTF_8);
        String tampered = signed.replace("\"user_id\":\"7\"", "\"user_id\":\"8\"");
        assertFalse(signed.equals(tampered));

        assertNull(node.decode(utf8(tampered), SOURCE));
        assertEquals(1, node.refused());
        String retargeted = new String(node.encode(TO_OTHERS), StandardCharsets.UTF_8).replace("123.456", "123.457");
        Message got = node.decode(utf8(retargeted), SOURCE);
        assertNull(got.exceptSocketId(), "a changed except is not honoured");
    }

    @Test
    void aMissingSignatureIsDeliveredAsAnOrdinaryEventByDefault() {
        EnvelopeCodec node = codec("cluster-secret");
        String unsigned = new String(Envelope.encode(TO_OTHERS), StandardCharsets.UTF_8);

        Message got = node.decode(utf8(unsigned), SOURCE);

        assertEquals("news", got.channel());
        assertEquals("created", got.event());
        assertEquals("id-2", got.id());
        assertEquals(Envelope.FOREIGN_ORIGIN, got.originNodeId());
        assertNull(got.exceptSocketId());
        assertNull(got.userId());
        assertEquals(1, node.unsigned());
        assertNull(node.decode(Envelope.encode(MEMBER_ADDED), SOURCE));
        assertEquals(1, node.refused());
    }

    @Test
    void aMissingSignatureIsRefusedWhenSoConfigured() {
        EnvelopeCodec node = codec("cluster-secret", "refuse");

        assertNull(node.decode(Envelope.encode(TO_OTHERS), SOURCE));
        assertNull(node.decode(codec("other").encode(TO_OTHERS), SOURCE));
        assertEquals(2, node.refused());
        assertEquals(TO_OTHERS, node.decode(codec("cluster-secret").encode(TO_OTHERS), SOURCE));
    }

    @Test
    void aSignatureInAnotherPlaceOrShapeCountsAsMissing() {
        EnvelopeCodec node = codec("cluster-secret");
        String signed = new String(node.encode(MEMBER_ADDED), StandardCharsets.UTF_8);
        String spaced = "{ " + signed.substring(1);
        String moved = "{" + signed.substring(signed.indexOf(",") + 1, signed.length() - 1) + ","
                + signed.substring(1, signed.indexOf(",")) + "}";

        assertNull(node.decode(utf8(spaced), SOURCE));
        assertNull(node.decode(utf8(moved), SOURCE));
        assertEquals(2, node.refused());
    }

    @ParameterizedTest(name = "event {0} is refused even when signed")
    @ValueSource(
            strings = {
                "evil\ndata: {\"channel\":\"news\",\"event\":\"x\",\"data\":1}\n\n",
                "with space",
                "carriage\rreturn",
                ""
            })
    void invalidEventNamesAreRefused(String event) {
        EnvelopeCodec node = codec("cluster-secret");
        Message m = new Message("id-3", "news", event, "1", 3L, "node-a", null);

        assertNull(node.decode(Envelope.encode(m), SOURCE));
        assertNull(node.decode(node.encode(m), SOURCE));
        assertEquals(2, node.refused());
    }

    @ParameterizedTest(name = "channel {0} is refused")
    @ValueSource(strings = {"news\nid: x", "spa ce", "", "é"})
    void invalidChannelsAreRefused(String channel) {
        EnvelopeCodec node = codec("cluster-secret");

        assertNull(node.decode(Envelope.encode(new Message("id-4", channel, "e", "1", 4L, "node-a", null)), SOURCE));
        assertEquals(1, node.refused());
    }

    @Test
    void aChannelNameOverTheLimitIsRefused() {
        EnvelopeCodec node = codec("cluster-secret");

        assertNull(node.decode(Envelope.encode(new Message("i", "c".repeat(165), "e", "1", 4L, "n", null)), SOURCE));
        assertNotNull(node.decode(Envelope.encode(new Message("i", "c".repeat(164), "e", "1", 4L, "n", null)), SOURCE));
    }

    @Test
    void aPayloadOverTheLimitIsRefused() {
        EnvelopeCodec node = codec("cluster-secret");
        String fits = "\"" + "x".repeat(10240 - 2) + "\"";
        String over = "\"" + "x".repeat(10240 - 1) + "\"";

        assertNotNull(node.decode(node.encode(new Message("i", "c", "e", fits, 1L, "n", null)), SOURCE));
        assertNull(node.decode(node.encode(new Message("i", "c", "e", over, 1L, "n", null)), SOURCE));
        assertEquals(1, node.refused());
    }

    @ParameterizedTest(name = "id {0} is refused")
    @ValueSource(strings = {"line\nbreak", "cr\r", "spa ce", ""})
    void idsThatCouldBreakAStreamAreRefused(String id) {
        EnvelopeCodec node = codec("cluster-secret");

        assertNull(node.decode(node.encode(new Message(id, "c", "e", "1", 1L, "n", null)), SOURCE));
        assertEquals(1, node.refused());
    }

    @Test
    void malformedEnvelopesAreCountedApart() {
        EnvelopeCodec node = codec("cluster-secret");

        assertNull(node.decode(utf8("not json"), SOURCE));
        assertNull(node.decode((byte[]) null, SOURCE));
        assertNull(node.decode(utf8("{\"sig\":\"" + "0".repeat(64) + "\",}"), SOURCE));
        assertEquals(3, node.malformed());
        assertEquals(0, node.refused());
    }

    @Test
    void signerVerifiesOnlyItsOwnKey() {
        EnvelopeSigner a = EnvelopeSigner.fromSecret("s");
        byte[] signed = a.sign(Envelope.encode(TO_OTHERS));

        assertTrue(a.verify(signed));
        assertTrue(EnvelopeSigner.fromSecret("s").verify(signed));
        assertFalse(EnvelopeSigner.fromSecret("t").verify(signed));
        assertFalse(EnvelopeSigner.random().verify(signed));
        assertFalse(a.verify(Envelope.encode(TO_OTHERS)));
        assertEquals(TO_OTHERS, Envelope.decode(signed), "a signed envelope is still an envelope");
    }
}
