package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.RabbitServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The broker contract on the RabbitMQ server at 127.0.0.1:5672, exclusive queues (at most once).
 * Each test has an exchange of its own, deleted at the end (the queues delete themselves).
 */
class RabbitExclusiveContractTest extends BrokerContractTest {
    private static final Set<String> EXCHANGES = ConcurrentHashMap.newKeySet();

    @Override
    protected void requireServer() {
        RabbitServer.require();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        EXCHANGES.add(exchange(run));
        return config(run);
    }

    /** The broker config of one run: an exchange of its own (the exclusive queues delete themselves). */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker",
                "rabbitmq",
                "realtime.rabbitmq.uri",
                RabbitServer.URI,
                "realtime.rabbitmq.exchange",
                exchange(run),
                "realtime.rabbitmq.queue-mode",
                "exclusive");
    }

    static String exchange(String run) {
        return "realtime-test-" + run;
    }

    @AfterAll
    static void deleteExchanges() throws Exception {
        RabbitServer.delete(List.of(), EXCHANGES);
    }

    @Test
    void theBindingsNarrowWhatRabbitSends() throws Exception {
        Map<String, String> config = new HashMap<>(brokerConfig());
        config.put("realtime.node.id", "pattern-" + run);
        RealtimeManager node = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(config)));
        try (BrokerConsumer users = node.broker().consumer(new ConsumerOptions(List.of("user.*", "*.eu"), 50))) {
            awaitConnected(node.broker(), users);
            // user.* binds user.# and *.eu binds #.eu: the ones marked + arrive, empty words included
            for (String channel :
                    List.of("news", "user.12", "users", "user.", "orders.eu", "user.a.b", "eu", "europe.x", "a.b.eu")) {
                node.broadcast(channel, "e", channel);
            }
            node.broadcast("user.13", "marker", "last");
            List<Message> got = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                got.addAll(users.poll(Duration.ofMillis(100)).messages());
                return got.stream().anyMatch(m -> m.event().equals("marker"));
            });
            assertEquals(
                    List.of("user.12", "user.", "orders.eu", "user.a.b", "eu", "a.b.eu", "user.13"),
                    got.stream().map(Message::channel).toList(),
                    "RabbitMQ routes by the bindings; `eu` (zero words before it) is the superset the job filters");
            assertEquals(7, node.brokerStats().consumed());
        } finally {
            node.broker().close();
        }
    }
}
