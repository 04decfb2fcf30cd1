package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.realtime.message.Message;
import dev.realtime.testing.RabbitServer;
import dev.realtime.transport.memory.MemoryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The at-least-once contract on the RabbitMQ server at 127.0.0.1:5672, durable node queues. Each
 * test has an exchange and queue prefix of its own; both are deleted at the end.
 */
class RabbitDurableContractTest extends DurableBrokerContractTest {
    private static final Set<String> RUNS = ConcurrentHashMap.newKeySet();

    @Override
    protected void requireServer() {
        RabbitServer.require();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        RUNS.add(run);
        return config(run);
    }

    /** The broker config of one run: an exchange and queue prefix of its own. */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker",
                "rabbitmq",
                "realtime.rabbitmq.uri",
                RabbitServer.URI,
                "realtime.rabbitmq.exchange",
                "realtime-test-" + run,
                "realtime.rabbitmq.queue-mode",
                "durable",
                "realtime.rabbitmq.queue-prefix",
                "realtime-test-" + run);
    }

    @AfterAll
    static void deleteQueuesAndExchanges() throws Exception {
        deleteQueuesAndExchanges(RUNS);
    }

    /** Deletes the runs' exchanges and the queues of their nodes {@code a-<run>} and {@code b-<run>}. */
    static void deleteQueuesAndExchanges(Collection<String> runs) throws Exception {
        RabbitServer.delete(
                runs.stream()
                        .flatMap(run ->
                                List.of("a", "b").stream().map(node -> "realtime-test-" + run + "." + node + "-" + run))
                        .toList(),
                runs.stream().map(run -> "realtime-test-" + run).toList());
    }

    @Test
    void aMessageThatIsNotAnEnvelopeIsCountedRejectedAndNeverComesAgain() throws Exception {
        TestNode a = node("a").awaitConnected();
        try (Broker b = bareBroker("b")) {
            try (BrokerConsumer first = b.consumer(ConsumerOptions.all(10))) {
                awaitConnected(b, first);
                publishRaw("realtime-test-" + run, "news", "not json");
                a.manager.broadcast("news", "valid", 1);
                MessageBatch batch = pollUntilNotEmpty(first);
                assertEquals(
                        List.of("valid"),
                        batch.messages().stream().map(Message::event).toList());
                assertEquals(1, b.stats().failed(), b.stats().toString());
                first.commit(batch.end());
            }
            a.manager.broadcast("news", "marker", 2);
            try (BrokerConsumer second = b.consumer(ConsumerOptions.all(10))) {
                MessageBatch next = pollUntilNotEmpty(second);
                assertEquals("marker", next.messages().get(0).event(), "the rejected message was not requeued");
                second.commit(next.end());
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> b.stats().failed() == 1);
            }
        }
    }

    @Test
    void messagesAQueueRefusesAreCountedFailedAndNotSentAgain() throws Exception {
        RabbitServer.requireCtl();
        TestNode a = node("a").awaitConnected();
        TestNode c = node("b").awaitConnected(); // a healthy node: must get each message once
        MemoryClient onC = c.client("full");
        String policy = "realtime-test-full-" + run;
        try (Broker b = bareBroker("b2")) {
            try (BrokerConsumer away = b.consumer(ConsumerOptions.all(10))) {
                awaitConnected(b, away); // b2's durable queue exists; then b2 goes away
            }
            // b2's queue takes one message and refuses the rest (an operator's max-length policy)
            RabbitServer.ctl(
                    "set_policy",
                    "--apply-to",
                    "queues",
                    policy,
                    "^realtime-test-" + run + "\\.b2-",
                    "{\"max-length\":1,\"overflow\":\"reject-publish\"}");
            try {
                Awaitility.await("policy applied")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            a.manager.broadcast("probe", "p", 0);
                            return a.manager.brokerStats().failed() > 0;
                        });
                long failedBefore = a.manager.brokerStats().failed();
                for (int i = 0; i < 5; i++) {
                    a.manager.broadcast("full", "n", i);
                }
                Awaitility.await("refused ones counted")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> a.manager.brokerStats().failed() >= failedBefore + 5);
                List<String> got = new ArrayList<>();
                while (got.size() < 5) {
                    Message m = onC.poll(Duration.ofSeconds(30));
                    assertNotNull(m, "c received " + got);
                    got.add(m.id());
                }
                a.manager.broadcast("full", "marker", "after");
                assertEquals("marker", onC.poll(Duration.ofSeconds(30)).event(), "nothing was sent twice");
                assertTrue(onC.drain().isEmpty());
                assertEquals(5, new LinkedHashSet<>(got).size());
            } finally {
                RabbitServer.ctl("clear_policy", policy);
                RabbitServer.delete(List.of("realtime-test-" + run + ".b2-" + run), List.of());
            }
        }
    }

    /** Publishes bytes that are not an envelope straight to the exchange, as a foreign program might. */
    private static void publishRaw(String exchange, String routingKey, String body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RabbitServer.URI);
        try (Connection connection = factory.newConnection("realtime test raw publisher");
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, null, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        }
    }
}
