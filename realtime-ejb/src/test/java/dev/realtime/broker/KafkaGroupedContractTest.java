package dev.realtime.broker;

import dev.realtime.testing.KafkaServerProcess;
import java.util.Map;

/** The broker contract on a real Kafka broker (KRaft), grouped topic strategy. */
class KafkaGroupedContractTest extends DurableBrokerContractTest {

    @Override
    protected void requireServer() throws Exception {
        KafkaServerProcess.start();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return config();
    }

    /** Grouped topics on the per-JVM KRaft broker (it starts with empty storage). */
    static Map<String, String> config() {
        return Map.of(
                "realtime.broker", "kafka",
                "realtime.kafka.bootstrap.servers", KafkaServerProcess.bootstrap(),
                "realtime.kafka.topic-strategy", "grouped",
                "realtime.kafka.partitions", "3");
    }
}
