package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pusher.rest.Pusher;
import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The standalone consumer ({@code java -jar realtime-batch-consumer.jar}, JBeret SE + Weld SE) beside
 * the deployed node: it reads Redis as the node's consumer would, keeps only {@code --channels},
 * hands batches to the node over the signed loopback {@code local_events} endpoint, and stops
 * cleanly on SIGTERM. The nodes' own channel passes its channel filter (another node's presence
 * member reaches this node's answers).
 */
class StandaloneConsumerIT extends RealtimeIT {

    @Test
    void deliversOnlyTheSelectedChannelsAndStopsOnSigterm() throws Exception {
        Path log = Path.of("target", "standalone-consumer.log");
        Files.deleteIfExists(log);
        Process consumer = start(
                Map.of(
                        "realtime.broker", "redis",
                        "realtime.redis.channel-prefix", "realtime-it:",
                        "realtime.node.id", "it-node"),
                "http://127.0.0.1:8080",
                log,
                "--channels=user.*",
                "--poll-timeout-ms=200");
        try (SseClient sse = SseClient.open(
                server.http,
                server.base.resolve("realtime/sse?channels=user.alice,public.news"),
                Map.of("X-Test-User", "alice"))) {
            sse.await("realtime:connected");
            // Until the consumer is subscribed, probes are lost (Pub/Sub): send them until one arrives.
            Awaitility.await("the standalone consumer delivers (log: " + log + ")")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertTrue(consumer.isAlive(), "the consumer exited; see " + log);
                        Envelopes.publishToRedis(
                                "user.alice", "probe", UUID.randomUUID().toString());
                        return sse.received().stream().anyMatch(e -> e.name().equals("probe"));
                    });

            Envelopes.publishToRedis("public.news", "not-for-this-consumer", "n-1");
            String delivered = UUID.randomUUID().toString();
            Envelopes.publishToRedis("user.alice", "for-alice", delivered);
            SseClient.Event event = sse.await("for-alice");
            assertEquals(delivered, event.id(), "the message keeps the id it was published with");
            String marker = UUID.randomUUID().toString();
            Envelopes.publishToRedis("user.alice", "marker", marker);
            sse.await("marker");
            assertEquals(
                    List.of(),
                    sse.received().stream()
                            .filter(e -> e.name().equals("not-for-this-consumer"))
                            .toList(),
                    "--channels=user.* keeps public.news out");

            // the nodes' own channel passes --channels=user.*: another node's presence member reaches
            // this one through the standalone consumer
            String room = "presence-room.sa" + UUID.randomUUID().toString().substring(0, 6);
            Envelopes.publishSignedToRedis(new Message(
                    UUID.randomUUID().toString(),
                    ChannelNames.CLUSTER_CHANNEL,
                    "join",
                    "{\"boot\":\"peer-run\",\"seq\":0,\"channel\":\"" + room
                            + "\",\"member\":{\"user_id\":\"zed\",\"user_info\":null}}",
                    System.currentTimeMillis(),
                    "peer-node",
                    null));
            Pusher api = new PusherApiRequests(server)
                    .sdk(PusherApiRequests.APP_ID, RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET);
            Awaitility.await("zed, a member on another node, is in this node's answer")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/channels/" + room + "/users")
                            .getMessage()
                            .equals("{\"users\":[{\"id\":\"zed\"}]}"));
        }

        consumer.destroy(); // SIGTERM
        assertTrue(consumer.waitFor(60, TimeUnit.SECONDS), "the consumer stops after SIGTERM");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(143, consumer.exitValue(), "the usual status after SIGTERM: " + output);
        assertTrue(output.contains("stopping after the current batch"), output);
        assertTrue(output.contains("realtime consumer: STOPPED"), output);
        assertTrue(!output.contains("Exception"), output);
    }

    /**
     * {@code java -jar} the standalone consumer with {@code realtime.*} system properties (the app
     * key and secret of the tests added), delivering to {@code node}; output appended to {@code log}.
     */
    static Process start(Map<String, String> properties, String node, Path log, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drealtime.app.key=" + RealtimeDeployment.APP_KEY,
                "-Drealtime.app.secret=" + PusherApiRequests.SECRET));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("realtime.consumer-jar"), "--node=" + node));
        command.addAll(List.of(options));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
