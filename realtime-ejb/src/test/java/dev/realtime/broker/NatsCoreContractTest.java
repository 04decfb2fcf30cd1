package dev.realtime.broker;

import dev.realtime.testing.Services;
import java.util.Map;

/** The broker contract on core NATS at 127.0.0.1:4222 (at most once). */
class NatsCoreContractTest extends BrokerContractTest {

    @Override
    protected void requireServer() {
        Services.require(
                "NATS", 4222, "Start it with: nats-server -a 127.0.0.1 -p 4222 -js (or apt install nats-server).");
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return Map.of(
                "realtime.broker", "nats",
                "realtime.nats.url", "nats://127.0.0.1:4222",
                "realtime.nats.subject-prefix", "test-" + run);
    }
}
