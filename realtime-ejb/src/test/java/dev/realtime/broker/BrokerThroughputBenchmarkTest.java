package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the cross-broker benchmark working: a small run of each broker must deliver every message
 * once and in order per channel, with no failure and nothing dropped. It asserts correctness, never
 * a speed. A missing server skips the variant (fails it on CI).
 */
@Timeout(180)
class BrokerThroughputBenchmarkTest {

    @ParameterizedTest(name = "{0}: a small run delivers every message once, in order")
    @ValueSource(
            strings = {
                "redis",
                "kafka",
                "rabbitmq-exclusive",
                "rabbitmq-durable",
                "nats-core",
                "nats-jetstream",
                "postgres"
            })
    void aSmallRunDeliversEveryMessageOnceInOrder(String broker) throws Exception {
        BrokerThroughputBenchmark.Result result =
                BrokerThroughputBenchmark.run(broker, 2000, 20, Duration.ofSeconds(30));
        assertFalse(result.gaveUp(), result.toString());
        assertEquals(2000, result.published(), "the broker accepted every message: " + result);
        assertEquals(2000, result.delivered(), "every message delivered at B: " + result);
        assertEquals(0, result.duplicates(), "no duplicate: " + result);
        assertEquals(0, result.outOfOrder(), "in order per channel: " + result);
        assertEquals(0, result.failed(), result.toString());
        assertEquals(0, result.dropped(), result.toString());
    }
}
