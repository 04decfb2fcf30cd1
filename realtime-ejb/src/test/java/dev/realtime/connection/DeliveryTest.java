package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.Message;
import dev.realtime.message.MessageIds;
import dev.realtime.testing.Concurrently;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final MessageIds IDS = new MessageIds();

    private static Message message(String data) {
        return new Message(IDS.next(), "news", "update", data, System.currentTimeMillis(), "node", null);
    }

    @Test
    void carriesTheMessage() {
        Message m = message("1");
        assertSame(m, new Delivery(m).message());
    }

    @Test
    void formatsHaveDistinctSlots() {
        assertNotEquals(CountingFormat.FRAME.slot(), CountingFormat.SSE.slot());
        assertTrue(CountingFormat.FRAME.slot() < WireFormat.MAX_FORMATS);
        assertTrue(CountingFormat.SSE.slot() < WireFormat.MAX_FORMATS);
    }

    @Test
    void encodesOncePerFormatAndSharesTheResult() {
        Message m = message("{\"a\":1}");
        Delivery delivery = new Delivery(m);
        assertEquals(0, CountingFormat.FRAME.encodes(m.id()));

        String first = delivery.encoded(CountingFormat.FRAME);
        assertEquals("frame:update:{\"a\":1}", first);
        for (int i = 0; i < 100; i++) {
            assertSame(first, delivery.encoded(CountingFormat.FRAME));
        }
        assertEquals(1, CountingFormat.FRAME.encodes(m.id()));
        assertEquals(0, CountingFormat.SSE.encodes(m.id()), "other formats are encoded lazily");

        String sse = delivery.encoded(CountingFormat.SSE);
        assertEquals("sse:update:{\"a\":1}", sse);
        assertSame(sse, delivery.encoded(CountingFormat.SSE));
        assertEquals(1, CountingFormat.SSE.encodes(m.id()));
        assertSame(first, delivery.encoded(CountingFormat.FRAME));
        assertEquals(1, CountingFormat.FRAME.encodes(m.id()));
    }

    @Test
    void eachDeliveryHasItsOwnCache() {
        Message m = message("2");
        String a = new Delivery(m).encoded(CountingFormat.FRAME);
        String b = new Delivery(m).encoded(CountingFormat.FRAME);
        assertEquals(a, b);
        assertEquals(2, CountingFormat.FRAME.encodes(m.id()));
    }

    @Test
    void concurrentCallersAllSeeTheSameInstance() throws Exception {
        int threads = 8;
        int messages = 500;
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            deliveries.add(new Delivery(message(String.valueOf(i))));
        }
        String[][] frames = new String[threads][messages];
        String[][] sse = new String[threads][messages];
        Concurrently.run(threads, thread -> {
            for (int i = 0; i < messages; i++) {
                Delivery d = deliveries.get(i);
                // half the threads ask for the formats in the other order
                if (thread % 2 == 0) {
                    frames[thread][i] = d.encoded(CountingFormat.FRAME);
                    sse[thread][i] = d.encoded(CountingFormat.SSE);
                } else {
                    sse[thread][i] = d.encoded(CountingFormat.SSE);
                    frames[thread][i] = d.encoded(CountingFormat.FRAME);
                }
            }
        });

        for (int i = 0; i < messages; i++) {
            Delivery d = deliveries.get(i);
            String id = d.message().id();
            String frame = d.encoded(CountingFormat.FRAME);
            String event = d.encoded(CountingFormat.SSE);
            assertEquals("frame:update:" + i, frame);
            assertEquals("sse:update:" + i, event);
            for (int t = 0; t < threads; t++) {
                assertSame(frame, frames[t][i], "thread " + t + " saw another frame instance for message " + i);
                assertSame(event, sse[t][i], "thread " + t + " saw another sse instance for message " + i);
            }
            int frameEncodes = CountingFormat.FRAME.encodes(id);
            int sseEncodes = CountingFormat.SSE.encodes(id);
            assertTrue(frameEncodes >= 1 && frameEncodes <= threads, "frame encodes " + frameEncodes);
            assertTrue(sseEncodes >= 1 && sseEncodes <= threads, "sse encodes " + sseEncodes);
            // once cached, never encoded again
            d.encoded(CountingFormat.FRAME);
            d.encoded(CountingFormat.SSE);
            assertEquals(frameEncodes, CountingFormat.FRAME.encodes(id));
            assertEquals(sseEncodes, CountingFormat.SSE.encodes(id));
        }
    }
}
