package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpsSamplerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RealtimeNode node = new RealtimeNode(
            RealtimeSettings.from(Map.of("realtime.node.id", "n1", "realtime.transports", "websocket,sse")),
            new NoneBroker());

    @Test
    void theFirstSampleHasCountsAndNoRates() {
        JsonObject first = sample(new OpsSampler(node, 10, 1000), 5 * SECOND);
        assertEquals("n1", first.getString("node"));
        assertEquals(1000, first.getInt("intervalMs"));
        assertEquals(
                "{\"byTransport\":{\"sse\":{\"connections\":0,\"subscriptions\":0},"
                        + "\"websocket\":{\"connections\":0,\"subscriptions\":0}},\"total\":0}",
                first.getJsonObject("connections").toString());
        assertEquals(
                "{\"published\":0.0,\"consumed\":0.0,\"delivered\":0.0,\"dropped\":0.0,\"brokerDropped\":0.0,\"consumerDropped\":0.0}",
                first.getJsonObject("rates").toString());
        assertEquals(
                "{\"name\":\"none\",\"connected\":true,\"pending\":0,\"lag\":-1}",
                first.getJsonObject("broker").toString());
        assertEquals(
                "{\"running\":false,\"lag\":-1}",
                first.getJsonObject("consumer").toString());
        assertEquals(1, first.getJsonObject("cluster").getInt("nodes"));
        assertEquals(0, first.getJsonArray("channels").size());
    }

    @Test
    void ratesAreTheCountersMovementPerSecondAndTheBusiestChannelsAreListed() {
        OpsSampler sampler = new OpsSampler(node, 2, 1000);
        try (MemoryClient a = node.memory().connect().subscribe("news").subscribe("quiet");
                MemoryClient b = node.memory().connect().subscribe("news").subscribe("sport");
                MemoryClient c = node.memory().connect().subscribe("news").subscribe("sport")) {
            sample(sampler, 0);
            for (int i = 0; i < 4; i++) {
                node.broadcast("news", "e", i); // 3 recipients each
            }
            JsonObject second = sample(sampler, 2 * SECOND);
            assertEquals(12, second.getJsonObject("totals").getInt("delivered"));
            assertEquals(
                    6.0,
                    second.getJsonObject("rates").getJsonNumber("delivered").doubleValue(),
                    "12 in 2 s");
            assertEquals(
                    "[{\"name\":\"news\",\"subscribers\":3},{\"name\":\"sport\",\"subscribers\":2}]",
                    second.getJsonArray("channels").toString(),
                    "top 2 of 3");
            assertEquals(
                    "{\"connections\":3,\"subscriptions\":6}",
                    second.getJsonObject("connections")
                            .getJsonObject("byTransport")
                            .getJsonObject("memory")
                            .toString());
            assertEquals(3, second.getJsonObject("connections").getInt("total"));

            JsonObject idle = sample(sampler, 3 * SECOND);
            assertEquals(
                    0.0, idle.getJsonObject("rates").getJsonNumber("delivered").doubleValue(), "nothing since");
            assertEquals(12, idle.getJsonObject("totals").getInt("delivered"));
            node.broadcast("sport", "e", 1);
            JsonObject third = sample(sampler, 3 * SECOND + SECOND / 4);
            assertEquals(
                    8.0, third.getJsonObject("rates").getJsonNumber("delivered").doubleValue(), "2 in 250 ms");
        }
    }

    @Test
    void theSameInstantGivesNoRate() {
        OpsSampler sampler = new OpsSampler(node, 1, 1000);
        sample(sampler, SECOND);
        node.broadcast("news", "e", 1);
        assertEquals(
                0.0,
                sample(sampler, SECOND)
                        .getJsonObject("rates")
                        .getJsonNumber("published")
                        .doubleValue());
    }

    private static JsonObject sample(OpsSampler sampler, long nanos) {
        try (var reader = Json.createReader(new StringReader(sampler.sample(nanos, 1_700_000_000_000L)))) {
            return reader.readObject();
        }
    }
}
