package dev.realtime.broker;

import dev.realtime.testing.KafkaServerProcess;
import java.util.Map;

/**
 * The broker contract on a real Kafka broker (KRaft), one topic per channel: topics appear as the
 * nodes publish, and consumers find them by pattern and read them from their first message.
 */
class KafkaPerChannelContractTest extends DurableBrokerContractTest {

    @Override
    protected void requireServer() throws Exception {
        KafkaServerProcess.start();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return Map.of(
                "realtime.broker", "kafka",
                "realtime.kafka.bootstrap.servers", KafkaServerProcess.bootstrap(),
                "realtime.kafka.topic-strategy", "per-channel",
                "realtime.kafka.topic-prefix", "pc-" + run + ".",
                "realtime.kafka.partitions", "2",
                "realtime.kafka.consumer.metadata.max.age.ms", "1000");
    }
}
