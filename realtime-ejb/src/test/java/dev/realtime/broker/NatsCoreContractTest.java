package dev.realtime.broker;

import dev.realtime.testing.Services;
import java.util.Map;

/** The broker contract on core NATS at 127.0.0.1:4222 (at most once). */
class NatsCoreContractTest extends BrokerContractTest {

    @Override
    protected void requireServer() {
        require();
    }

    /** Skips or fails (CI) unless the shared NATS server (with JetStream) listens on 4222. */
    static void require() {
        Services.require(
                "NATS", 4222, "Start it with: nats-server -a 127.0.0.1 -p 4222 -js (or apt install nats-server).");
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return config(run);
    }

    /** The broker config of one run: a subject prefix of its own. */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker", "nats",
                "realtime.nats.url", "nats://127.0.0.1:4222",
                "realtime.nats.subject-prefix", "test-" + run);
    }
}
