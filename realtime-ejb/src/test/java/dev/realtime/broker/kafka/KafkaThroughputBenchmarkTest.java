package dev.realtime.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.testing.KafkaServerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the throughput benchmark working: a small run of each strategy must publish and consume
 * every message, with no failure. It asserts correctness, never a speed.
 */
class KafkaThroughputBenchmarkTest {

    @BeforeAll
    static void kafka() throws Exception {
        KafkaServerProcess.start();
    }

    @ParameterizedTest(name = "{0} topics: a small run publishes and consumes every message")
    @ValueSource(strings = {"grouped", "per-channel"})
    void aSmallRunPublishesAndConsumesEveryMessage(String strategy) throws Exception {
        KafkaThroughputBenchmark.Result result = KafkaThroughputBenchmark.run(strategy, 2000, 20);
        assertEquals(2000 + 20, result.consumed(), "every message (and the warm-up ones) consumed");
        assertEquals(0, result.failed());
        assertEquals(strategy.equals("grouped") ? 4 : 20, result.topics());
    }
}
