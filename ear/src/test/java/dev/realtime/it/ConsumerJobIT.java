package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer job on the deployed EAR, driven through the WildFly admin CLI with
 * {@code server-config/wildfly/consumer.sh}: started, it delivers another node's messages (an
 * envelope published straight into Redis here) to this node's clients, only on the selected
 * channels, and never this node's own messages a second time; stopped, it stops; restarted, it
 * runs again.
 */
class ConsumerJobIT extends RealtimeIT {
    @AfterEach
    void stopJob() throws Exception {
        consumer("stop");
        await().atMost(Duration.ofSeconds(30)).until(() -> !running());
    }

    @Test
    void theJobDeliversOtherNodesMessagesOnTheSelectedChannelsOnly() throws Exception {
        assertEquals(0, consumer("start", "channels=job-it.*", "pollTimeoutMs=200"));
        await("consumer running").atMost(Duration.ofSeconds(30)).until(this::running);
        assertEquals("job-it.*", health().getJsonObject("consumer").getString("channels"));

        try (PusherClient client = connect()) {
            client.subscribe("job-it.news");
            client.await("pusher_internal:subscription_succeeded");
            client.subscribe("elsewhere.news");
            client.await("pusher_internal:subscription_succeeded");

            Envelopes.publishToRedis(
                    "elsewhere.news", "skipped", UUID.randomUUID().toString());
            Envelopes.publishToRedis("job-it.news", "remote", UUID.randomUUID().toString());
            JsonObject remote = client.await("remote");
            assertEquals("job-it.news", remote.getString("channel"));

            // This node's own message comes back through Redis too; the job must drop it. The marker
            // is published only once Redis has the own message, so an echo would come before it.
            long published =
                    health().getJsonObject("broker").getJsonNumber("published").longValue();
            server.publish("job-it.news", "own", "1");
            client.await("own");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> health().getJsonObject("broker")
                                    .getJsonNumber("published")
                                    .longValue()
                            > published);
            Envelopes.publishToRedis("job-it.news", "marker", UUID.randomUUID().toString());
            client.await("marker");
            List<String> events = client.received().stream()
                    .map(f -> f.getString("event"))
                    .filter(e -> !e.startsWith("pusher"))
                    .toList();
            assertEquals(List.of("remote", "own", "marker"), events, "no echo, nothing from elsewhere.news");
        }
        JsonObject consumer = health().getJsonObject("consumer");
        assertTrue(consumer.getJsonNumber("delivered").longValue() >= 2, consumer.toString());
    }

    @Test
    void stopEndsTheJobAndRestartResumesIt() throws Exception {
        assertEquals(0, consumer("start", "channels=job-it.*", "pollTimeoutMs=200"));
        await().atMost(Duration.ofSeconds(30)).until(this::running);
        assertEquals(0, consumer("stop"));
        await("stopped").atMost(Duration.ofSeconds(30)).until(() -> !running());

        assertEquals(0, consumer("restart"));
        await("restarted").atMost(Duration.ofSeconds(30)).until(this::running);
        try (PusherClient client = connect()) {
            client.subscribe("job-it.restart");
            client.await("pusher_internal:subscription_succeeded");
            Envelopes.publishToRedis(
                    "job-it.restart", "after-restart", UUID.randomUUID().toString());
            client.await("after-restart");
        }
    }

    private boolean running() {
        return health().getJsonObject("consumer").getBoolean("running");
    }

    private JsonObject health() {
        return Server.json(server.get("realtime/health").body());
    }

    /** Runs server-config/wildfly/consumer.sh against the test server; its exit code. */
    static int consumer(String... args) throws IOException, InterruptedException {
        return ClusterNode.consumerCli("localhost:9990", Path.of("target", "consumer-cli.log"), args);
    }
}
