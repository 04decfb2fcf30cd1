package dev.realtime.broker.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.broker.Envelope;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadMarkerTest {

    @ParameterizedTest(name = "a marker reads back with channel \"{0}\"")
    @ValueSource(strings = {"news", "a:b:c", "private-chat.1", "", "ümlaut"})
    void aMarkerReadsBackWithAnyChannel(String channel) {
        PayloadMarker marker = new PayloadMarker(9_007_199_254_740_993L, channel);
        assertEquals(marker, PayloadMarker.parse(marker.text()));
    }

    @ParameterizedTest(name = "{0} is not a marker")
    @ValueSource(
            strings = {"@realtime-row:", "@realtime-row:12", "@realtime-row:x:news", "@realtime-row::news", "@row:1:a"})
    void somethingLikeAMarkerIsNone(String text) {
        assertNull(PayloadMarker.parse(text));
    }

    @ParameterizedTest(name = "channel {0}: an envelope is never a marker, nor a marker an envelope")
    @ValueSource(strings = {"@realtime-row:1:news", "news"})
    void anEnvelopeIsNeverAMarkerAndAMarkerNeverAnEnvelope(String channel) {
        String envelope = new String(
                Envelope.encode(new Message("1", channel, "e", "\"@realtime-row:1:news\"", 1, "n", null)),
                StandardCharsets.UTF_8);
        assertNull(PayloadMarker.parse(envelope));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode(new PayloadMarker(1, channel).text()));
    }
}
