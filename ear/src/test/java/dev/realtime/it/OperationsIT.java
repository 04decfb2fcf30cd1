package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The probes and the metrics on a real WildFly (port offset 1300) over a Redis of its own (port
 * 16399, started and stopped by the test): {@code /realtime/health/ready} answers 200, 503 with
 * {@code broker-disconnected} once Redis is stopped, and 200 again once it is back;
 * {@code /realtime/metrics} parses as Prometheus text and its deliveries counter moves by exactly
 * the deliveries made (N clients × M events).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OperationsIT extends NodesTest {
    private static final int REDIS_PORT = 16399;

    private Process redis;

    @Test
    void readinessFollowsTheBrokerAndTheMetricsCountEveryDelivery() throws Exception {
        toClose.add(this::stopRedis); // first added, so it runs after the node has stopped
        startRedis();
        ClusterNode node = ClusterNode.start(
                "ops",
                1300,
                Map.of(
                        "realtime.broker", "redis",
                        "realtime.redis.url", "redis://127.0.0.1:" + REDIS_PORT,
                        "realtime.redis.channel-prefix", "ops-" + run + ":"));
        toClose.add(node);
        assertEquals(200, node.server.get("realtime/health/live").statusCode());
        assertEquals(200, node.server.get("realtime/health/ready").statusCode());

        metricsCountEveryDelivery(node, 4, 5);

        stopRedis();
        await("ready answers 503 without Redis")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.server.get("realtime/health/ready").statusCode() == 503);
        JsonObject down = Server.json(node.server.get("realtime/health/ready").body());
        assertEquals("not-ready", down.getString("status"));
        assertEquals(
                "broker-disconnected",
                down.getJsonArray("reasons").getJsonObject(0).getString("code"),
                down.toString());
        assertEquals(200, node.server.get("realtime/health/live").statusCode(), "still live");
        assertEquals(0L, metrics(node).get("realtime_broker_connected"));

        startRedis();
        await("ready answers 200 once Redis is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.server.get("realtime/health/ready").statusCode() == 200);
        assertEquals(1L, metrics(node).get("realtime_broker_connected"));
    }

    private void metricsCountEveryDelivery(ClusterNode node, int clients, int events) throws Exception {
        String channel = "ops." + run;
        Map<String, Long> before = metrics(node);
        long delivered = before.get("realtime_deliveries_total");
        List<PusherClient> subscribers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            PusherClient client =
                    PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"));
            toClose.add(client);
            subscribers.add(client);
            client.subscribe(channel);
            client.await("pusher_internal:subscription_succeeded");
        }
        assertEquals(
                (long) clients,
                metrics(node).get("realtime_connections{transport=\"websocket\"}"),
                "every client is counted on its transport");
        for (int i = 0; i < events; i++) {
            node.server.publish(channel, "counted", "{\"n\":" + i + "}");
        }
        for (PusherClient client : subscribers) {
            for (int i = 0; i < events; i++) {
                client.await("counted");
            }
        }
        long expected = delivered + (long) clients * events;
        await("the deliveries counter reaches " + expected)
                .atMost(Duration.ofSeconds(30))
                .until(() -> metrics(node).get("realtime_deliveries_total") >= expected);
        assertEquals(expected, metrics(node).get("realtime_deliveries_total"), "exactly N × M deliveries");
    }

    private static Map<String, Long> metrics(ClusterNode node) {
        return PrometheusScrape.metrics(node.server);
    }

    private void startRedis() throws Exception {
        Path log = Path.of("target", "ops-redis.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        redis = new ProcessBuilder(
                        "redis-server", "--port", String.valueOf(REDIS_PORT), "--save", "", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("redis-server on " + REDIS_PORT + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> {
                    if (!redis.isAlive()) {
                        throw new IllegalStateException("redis-server exited; see " + log);
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 1000);
                        return true;
                    }
                });
    }

    private void stopRedis() throws InterruptedException, IOException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(30, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor();
            }
            redis = null;
        }
    }
}
