package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The standalone consumer on Kafka, killed with SIGKILL in the middle of a run and started again:
 * nothing another node published is lost (Kafka commits only delivered batches, so the batch in
 * flight comes again: at least once), and each channel's messages arrive in order.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneKafkaIT extends NodesTest {
    private static final int KAFKA_PORT = 39092;

    @Test
    void aConsumerKilledMidRunLosesNothing() throws Exception {
        ClusterIT.kafka("start", KAFKA_PORT);
        toClose.add(() -> ClusterIT.kafka("stop", KAFKA_PORT));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> kafka = Map.of(
                "realtime.broker",
                "kafka",
                "realtime.kafka.bootstrap.servers",
                "127.0.0.1:" + KAFKA_PORT,
                "realtime.kafka.partitions",
                "3",
                "realtime.kafka.default-topic",
                "standalone-" + run);
        ClusterNode node = ClusterNode.start("solo", 200, kafka);
        toClose.add(node);
        Map<String, String> other = new LinkedHashMap<>(kafka);
        other.put("realtime.node.id", "other-" + run);
        other.put("realtime.app.secret", "other");
        RealtimeManager otherNode = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(other)));
        toClose.add(() -> otherNode.broker().close());

        List<String> channels = List.of("kc.0", "kc.1", "kc.2", "kc.3", "kc.4");
        Path log = Path.of("target", "cluster", "standalone-kafka.log");
        try (SseClient sse = SseClient.open(
                node.server.http,
                node.server.base.resolve("realtime/sse?channels=" + String.join(",", channels)),
                Map.of())) {
            sse.await("realtime:connected");
            Process first = start(node, kafka, log);
            Awaitility.await("the standalone consumer delivers (log: " + log + ")")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertTrue(first.isAlive(), "the consumer exited; see " + log);
                        otherNode.broadcast("kc.0", "probe", "p");
                        return sse.received().stream().anyMatch(e -> e.name().equals("probe"));
                    });

            List<String> sent = new ArrayList<>();
            publish(otherNode, channels, 0, 100, sent);
            Awaitility.await("some delivered")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> seqEvents(sse).size() >= 100);
            first.destroyForcibly().waitFor(); // SIGKILL in the middle of the run
            publish(otherNode, channels, 100, 200, sent);

            Process second = start(node, kafka, log);
            toClose.add(second::destroyForcibly);
            Awaitility.await("all " + sent.size() + " delivered after the restart (log: " + log + ")")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> seqEvents(sse).stream()
                                    .map(SseClient.Event::id)
                                    .distinct()
                                    .count()
                            == sent.size());
            List<SseClient.Event> got = seqEvents(sse);
            assertEquals(
                    sent.size(),
                    got.stream().map(SseClient.Event::id).distinct().count(),
                    "nothing lost");
            Map<String, Integer> next = new LinkedHashMap<>();
            List<String> seen = new ArrayList<>();
            for (SseClient.Event e : got) {
                if (seen.contains(e.id())) {
                    continue; // a batch in flight at the kill comes again (at least once)
                }
                seen.add(e.id());
                JsonSeq seq = JsonSeq.of(e.data());
                assertEquals(next.getOrDefault(seq.channel(), 0), seq.seq(), seq.channel() + " in order");
                next.put(seq.channel(), seq.seq() + 1);
            }
        }
    }

    private record JsonSeq(String channel, int seq) {
        static JsonSeq of(String sseData) {
            var json = Server.json(sseData);
            return new JsonSeq(json.getString("channel"), json.getInt("data"));
        }
    }

    private static List<SseClient.Event> seqEvents(SseClient sse) {
        return sse.received().stream().filter(e -> e.name().equals("seq")).toList();
    }

    private static void publish(RealtimeManager node, List<String> channels, int from, int to, List<String> sent) {
        for (int seq = from; seq < to; seq++) {
            for (String channel : channels) {
                sent.add(node.broadcast(channel, "seq", seq).id());
            }
        }
    }

    private static Process start(ClusterNode node, Map<String, String> kafka, Path log) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>(kafka);
        properties.put("realtime.node.id", node.name);
        return StandaloneConsumerIT.start(
                properties, node.server.base.toString(), log, "--batch-size=20", "--poll-timeout-ms=200");
    }
}
