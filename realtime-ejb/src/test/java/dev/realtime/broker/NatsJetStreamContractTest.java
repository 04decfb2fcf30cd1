package dev.realtime.broker;

import dev.realtime.testing.NatsServerProcess;
import dev.realtime.testing.Services;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/**
 * The durable broker contract on JetStream at 127.0.0.1:4222: a stream and subject prefix of each
 * test's own, deleted afterwards.
 */
class NatsJetStreamContractTest extends DurableBrokerContractTest {
    private static final Set<String> STREAMS = ConcurrentHashMap.newKeySet();

    @Override
    protected void requireServer() {
        Services.require(
                "NATS", 4222, "Start it with: nats-server -a 127.0.0.1 -p 4222 -js (or apt install nats-server).");
    }

    @Override
    protected Map<String, String> brokerConfig() {
        String stream = "TEST-" + run;
        STREAMS.add(stream);
        return Map.of(
                "realtime.broker", "nats",
                "realtime.nats.url", "nats://127.0.0.1:4222",
                "realtime.nats.jetstream", "true",
                "realtime.nats.subject-prefix", "test-" + run,
                "realtime.nats.stream", stream,
                "realtime.nats.stream-max-age", "PT10M");
    }

    @AfterAll
    static void deleteStreams() throws Exception {
        NatsServerProcess.deleteStreams("nats://127.0.0.1:4222", STREAMS);
    }
}
