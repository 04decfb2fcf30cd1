package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.testing.NatsServerProcess;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The durable broker contract on JetStream at 127.0.0.1:4222: a stream and subject prefix of each
 * test's own, deleted afterwards.
 */
class NatsJetStreamContractTest extends DurableBrokerContractTest {
    private static final Set<String> STREAMS = ConcurrentHashMap.newKeySet();

    @Override
    protected void requireServer() {
        NatsCoreContractTest.require();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        STREAMS.add(stream(run));
        return config(run);
    }

    /** The broker config of one run: a stream and subject prefix of its own. */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker", "nats",
                "realtime.nats.url", "nats://127.0.0.1:4222",
                "realtime.nats.jetstream", "true",
                "realtime.nats.subject-prefix", "test-" + run,
                "realtime.nats.stream", stream(run),
                "realtime.nats.stream-max-age", "PT10M");
    }

    static String stream(String run) {
        return "TEST-" + run;
    }

    @Test
    void aDurableWhoseChannelsChangedIsMadeAgainForTheNewFilter() throws Exception {
        TestNode a = node("a").awaitConnected();
        try (Broker b = bareBroker("b")) {
            try (BrokerConsumer users = b.consumer(new ConsumerOptions(List.of("user.*"), 10))) {
                awaitConnected(b, users);
                a.manager.broadcast("user.1", "for-users", 1);
                assertEquals(
                        "user.1", pollUntilNotEmpty(users).messages().get(0).channel());
            }
            // Servers before 2.10 cannot change a durable's filter: it is deleted and made again
            try (BrokerConsumer all = b.consumer(ConsumerOptions.all(10))) {
                awaitConnected(b, all);
                a.manager.broadcast("news", "for-all", 2);
                MessageBatch got = pollUntilNotEmpty(all);
                assertEquals(
                        List.of("news"),
                        got.messages().stream().map(m -> m.channel()).toList());
                all.commit(got.end());
            }
        }
    }

    @AfterAll
    static void deleteStreams() throws Exception {
        NatsServerProcess.deleteStreams("nats://127.0.0.1:4222", STREAMS);
    }
}
