package dev.realtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.transport.io.TextFrame;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each benchmark's setup and benchmark methods once, outside JMH, and checks what they
 * produce, so the benchmarks keep measuring the real thing as the code under them changes.
 */
class HotPathBenchmarksTest {

    private static EncodeBenchmark encode(String payload) {
        EncodeBenchmark bench = new EncodeBenchmark();
        bench.payload = payload;
        bench.setup();
        return bench;
    }

    @Test
    void pusherEventIsTheProtocolFrame() {
        TextFrame frame = encode("ascii").pusherEvent();

        assertEquals(
                "{\"event\":\"order-shipped\",\"channel\":\"private-orders.eu-west-1\",\"data\":"
                        + "\"{\\\"order\\\":48213,\\\"status\\\":\\\"shipped\\\",\\\"carrier\\\":\\\"DHL\\\","
                        + "\\\"eta\\\":\\\"2026-11-28T14:00Z\\\",\\\"items\\\":[3,7,12,41]}\"}",
                frame.text());
        assertEquals(frame.text().length(), frame.byteLength());
    }

    @Test
    void nonAsciiPusherEventCarriesTheTextUnescapedInUtf8() {
        TextFrame frame = encode("non-ascii").pusherEvent();

        assertTrue(frame.text().contains("Grüße aus Zürich — 東京で会いましょう 🎉"), frame.text());
        assertEquals(frame.text().getBytes(StandardCharsets.UTF_8).length, frame.byteLength());
        assertTrue(frame.byteLength() > frame.text().length());
    }

    @Test
    void socketIoEventIsAnEngineIoMessageWithTheEventPacket() {
        assertEquals(
                "42[\"order-shipped\",\"private-orders.eu-west-1\"," + Fixtures.ASCII_PAYLOAD + "]",
                encode("ascii").socketIoEvent().text());
    }

    @Test
    void sseEventHasTheIdNameAndDataLine() {
        OutboundSseEvent event = encode("ascii").sseEvent();

        assertEquals("5f2c9a1b3e7d-1a2b", event.getId());
        assertEquals("order-shipped", event.getName());
        assertEquals(
                "{\"channel\":\"private-orders.eu-west-1\",\"event\":\"order-shipped\",\"data\":"
                        + Fixtures.ASCII_PAYLOAD + "}",
                event.getData());
    }

    @Test
    void longPollEventIsTheMessageAsJson() {
        assertEquals(
                "{\"id\":\"5f2c9a1b3e7d-1a2b\",\"channel\":\"private-orders.eu-west-1\",\"event\":\"order-shipped\","
                        + "\"data\":" + Fixtures.ASCII_PAYLOAD + ",\"timestamp\":1764253200000}",
                encode("ascii").longPollEvent());
    }

    @Test
    void deliveryEncodesOnceAndThenSharesTheFrame() {
        EncodeBenchmark bench = encode("non-ascii");

        TextFrame fresh = bench.deliveryFirstUse();
        TextFrame cached = bench.deliveryCacheHit();

        assertEquals(bench.pusherEvent().text(), fresh.text());
        assertEquals(fresh.text(), cached.text());
        assertSame(cached, bench.deliveryCacheHit());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(ints = {1, 100, 1000})
    void fanOutWritesTheFrameOnceToEverySubscriber(int subscribers) {
        FanOutBenchmark.Written state = new FanOutBenchmark.Written();
        state.subscribers = subscribers;
        state.setup();

        new FanOutBenchmark().deliverWritten(state);

        assertEquals(subscribers, state.connections.size());
        assertEquals(subscribers, state.fanOut.deliveredCount());
        int frameBytes = encode("ascii").pusherEvent().byteLength();
        for (BenchConnection connection : state.connections) {
            assertEquals(1, connection.written());
            assertEquals(frameBytes, connection.bytes());
            assertEquals(0, connection.queued());
        }
    }

    @Test
    void fanOutToFullQueuesDropsForEverySubscriberAndKeepsThemOpen() {
        FanOutBenchmark.Dropping state = new FanOutBenchmark.Dropping();
        state.subscribers = 100;
        state.setup();
        long droppedBefore = state.limits.droppedCount();
        long deliveredBefore = state.fanOut.deliveredCount();

        new FanOutBenchmark().deliverDropped(state);

        assertEquals(0, droppedBefore); // the setup filled the queues exactly
        assertEquals(100, state.limits.droppedCount());
        assertEquals(100, state.fanOut.deliveredCount() - deliveredBefore);
        for (BenchConnection connection : state.connections) {
            assertEquals(1, connection.written()); // the write in flight never completes
            assertEquals(FanOutBenchmark.DROP_LIMIT, connection.queued());
            assertTrue(!connection.disconnected());
        }
    }

    @Test
    void lookupFindsTheSubscriberOfTheRandomChannel() {
        ChannelLookupBenchmark.Registry state = new ChannelLookupBenchmark.Registry();
        state.channels = 10_000;
        state.setup();
        ChannelLookupBenchmark bench = new ChannelLookupBenchmark();

        for (int i = 0; i < 10; i++) {
            int expected = state.pickedIndex[i];
            assertEquals(Set.of(state.subscriberOf[expected]), bench.subscribers(state));
        }
        assertEquals(10_000, state.registry.occupied().size());
    }

    @Test
    void namesValidateTheTypicalChannelAndEvent() {
        ChannelLookupBenchmark.Names state = new ChannelLookupBenchmark.Names();
        ChannelLookupBenchmark bench = new ChannelLookupBenchmark();

        assertEquals("private-orders.eu-west-1", bench.requireChannel(state));
        assertEquals("order-shipped", bench.requireEvent(state));
    }
}
