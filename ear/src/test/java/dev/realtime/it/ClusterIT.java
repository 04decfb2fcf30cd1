package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.it.app.TransactionalBroadcasts;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real two-server cluster on one machine: two WildFly nodes (port offsets 200 and 300), one EAR
 * each, sharing Redis, then Kafka, RabbitMQ, NATS and PostgreSQL. The consumer job is started on
 * both through the admin CLI. On every broker, an EJB's broadcast follows its transaction: rolled
 * back, it reaches nobody and never reaches the broker; committed, it reaches each node once. An
 * event an EJB broadcasts on node A reaches a client on B exactly once, and a client on A exactly
 * once (no echo). With the at-least-once brokers, a node whose job was stopped gets everything
 * published meanwhile once the job is restarted, in per-channel order. With Redis and PostgreSQL,
 * node A runs the slim configuration ({@code standalone-realtime.xml}) and B the full one: the EJB,
 * the transaction, the data source and the consumer job work on the slim server, and the two
 * configurations form one cluster.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ClusterIT extends NodesTest {
    private static Path transactionalEar;

    @Test
    void redisClusterDeliversEachEventOnceOnEveryNode() throws Exception {
        List<ClusterNode> nodes = startCluster(
                Map.of("realtime.broker", "redis", "realtime.redis.channel-prefix", "cluster-" + run + ":"),
                ClusterNode.SLIM);
        broadcastsFollowTheCallersTransaction(nodes.get(0), nodes.get(1));
        everyNodeGetsItOnce(nodes.get(0), nodes.get(1));
    }

    @Test
    void kafkaClusterDeliversEachEventOnceAndCatchesUpAfterARestart() throws Exception {
        int port = 39092;
        kafka("start", port);
        toClose.add(() -> kafka("stop", port));
        List<ClusterNode> nodes = startCluster(Map.of(
                "realtime.broker", "kafka",
                "realtime.kafka.bootstrap.servers", "127.0.0.1:" + port,
                "realtime.kafka.partitions", "3"));
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        broadcastsFollowTheCallersTransaction(a, b);
        everyNodeGetsItOnce(a, b);
        catchesUpAfterItsJobWasStopped(a, b);
    }

    @Test
    void rabbitmqClusterWithDurableQueuesDeliversOnceAndCatchesUp() throws Exception {
        // Cleanups are added before the nodes, so they run after the nodes stopped.
        toClose.add(() -> BrokerServers.deleteRabbitQueues(
                "cluster-" + run, "cluster-" + run + ".node-a", "cluster-" + run + ".node-b"));
        List<ClusterNode> nodes = startCluster(Map.of(
                "realtime.broker",
                "rabbitmq",
                "realtime.rabbitmq.exchange",
                "cluster-" + run,
                "realtime.rabbitmq.queue-prefix",
                "cluster-" + run,
                "realtime.rabbitmq.queue-mode",
                "durable"));
        broadcastsFollowTheCallersTransaction(nodes.get(0), nodes.get(1));
        everyNodeGetsItOnce(nodes.get(0), nodes.get(1));
        catchesUpAfterItsJobWasStopped(nodes.get(0), nodes.get(1));
    }

    @Test
    void natsJetStreamClusterDeliversOnceAndCatchesUp() throws Exception {
        String stream = "CLUSTER_" + run.toUpperCase();
        toClose.add(() -> BrokerServers.deleteNatsStream(stream));
        List<ClusterNode> nodes = startCluster(Map.of(
                "realtime.broker",
                "nats",
                "realtime.nats.subject-prefix",
                "cluster-" + run,
                "realtime.nats.jetstream",
                "true",
                "realtime.nats.stream",
                stream));
        broadcastsFollowTheCallersTransaction(nodes.get(0), nodes.get(1));
        everyNodeGetsItOnce(nodes.get(0), nodes.get(1));
        catchesUpAfterItsJobWasStopped(nodes.get(0), nodes.get(1));
    }

    /**
     * PostgreSQL with transactional publishing: the notification is written in the EJB's own
     * transaction, so it reaches the other node when that commits and nowhere when it rolls back.
     */
    @Test
    void postgresClusterFollowsTheCallersTransaction() throws Exception {
        toClose.add(() -> BrokerServers.dropPostgresTable("cluster_" + run));
        List<ClusterNode> nodes = startCluster(
                Map.of(
                        "realtime.broker",
                        "postgres",
                        "realtime.postgres.channel",
                        "cluster_" + run,
                        "realtime.postgres.table",
                        "cluster_" + run,
                        "realtime.postgres.transactional",
                        "true",
                        "realtime.postgres.datasource",
                        TransactionalBroadcasts.DATASOURCE),
                ClusterNode.SLIM);
        broadcastsFollowTheCallersTransaction(nodes.get(0), nodes.get(1));
        everyNodeGetsItOnce(nodes.get(0), nodes.get(1));
    }

    /**
     * The built EAR plus {@link TransactionalBroadcasts} (an EJB that broadcasts and then commits or
     * rolls back, and the DataSource on the PostgreSQL at 127.0.0.1:5432 that the PostgreSQL broker's
     * transactional publishing uses), exported once for every test.
     */
    private static synchronized Path ear() throws IOException {
        if (transactionalEar == null) {
            Path file =
                    Path.of("target", "cluster", "realtime-transactional.ear").toAbsolutePath();
            Files.createDirectories(file.getParent());
            EnterpriseArchive archive = RealtimeDeployment.ear();
            archive.getAsType(WebArchive.class, "realtime-web.war").addClass(TransactionalBroadcasts.class);
            archive.as(ZipExporter.class).exportTo(file.toFile(), true);
            transactionalEar = file;
        }
        return transactionalEar;
    }

    private List<ClusterNode> startCluster(Map<String, String> brokerProperties) throws Exception {
        return startCluster(brokerProperties, ClusterNode.FULL);
    }

    /** Node A on the server configuration {@code configOfA}, node B on the full one. */
    private List<ClusterNode> startCluster(Map<String, String> brokerProperties, String configOfA) throws Exception {
        Path ear = ear();
        // these tests count what a node publishes: without the nodes' own messages (heartbeats,
        // counts), which ClusterPresenceIT covers over Redis and Kafka
        Map<String, String> properties = new java.util.HashMap<>(brokerProperties);
        properties.put("realtime.cluster.replication", "false");
        ClusterNode a = ClusterNode.start("node-a", 200, properties, ear, configOfA);
        toClose.add(a);
        ClusterNode b = ClusterNode.start("node-b", 300, properties, ear);
        toClose.add(b);
        for (ClusterNode node : List.of(a, b)) {
            assertEquals(0, node.consumer("start", "pollTimeoutMs=200"), node.name + ": consumer.sh start");
            await(node.name + " consumer running")
                    .atMost(Duration.ofSeconds(60))
                    .until(node::consumerRunning);
            await(node.name + " broker and consumer connected")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> node.server.get("realtime/health").statusCode() == 200);
        }
        return List.of(a, b);
    }

    /**
     * An EJB on A broadcasts in a transaction that rolls back, then in one that commits, then A
     * broadcasts a marker. Once the marker reached both nodes (after the committed broadcast on
     * the same channel, and after the rolled-back one had it gone anywhere), the rolled-back
     * broadcast reached no client and A's broker published only the committed one and the marker;
     * the committed one reached each node once. Runs first on a fresh cluster, so A's broker
     * published nothing before.
     */
    private void broadcastsFollowTheCallersTransaction(ClusterNode a, ClusterNode b) throws Exception {
        String channel = "tx." + run;
        try (PusherClient onA = client(a);
                PusherClient onB = client(b)) {
            for (PusherClient client : List.of(onA, onB)) {
                client.subscribe(channel);
                client.await("pusher_internal:subscription_succeeded");
            }
            long before = published(a);
            assertEquals(
                    "rolled back",
                    a.server.postText(
                            "test/transactional-broadcast?channel=" + channel + "&event=undone&rollback=true"));
            assertEquals(before, published(a), "nothing reached the broker during the rolled-back call");
            assertEquals(
                    "committed",
                    a.server.postText(
                            "test/transactional-broadcast?channel=" + channel + "&event=done&rollback=false"));
            a.server.publish(channel, "marker", "{}");
            for (PusherClient client : List.of(onA, onB)) {
                client.await("marker");
            }
            await("A's broker published the committed broadcast and the marker")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> published(a) >= before + 2);
            assertEquals(before + 2, published(a), "the rolled-back broadcast was never published");
            assertEquals(List.of(), events(onA, "undone"), "the rolled-back broadcast was not delivered on A");
            assertEquals(List.of(), events(onB, "undone"), "nor on B");
            assertEquals(1, events(onA, "done").size(), "the committed broadcast, once on A");
            assertEquals(1, events(onB, "done").size(), "and once on B");
        }
    }

    /** {@code broker.published} in the node's {@code realtime/health}. */
    private static long published(ClusterNode node) {
        return Server.json(node.server.get("realtime/health").body())
                .getJsonObject("broker")
                .getJsonNumber("published")
                .longValue();
    }

    private void everyNodeGetsItOnce(ClusterNode a, ClusterNode b) throws Exception {
        try (PusherClient onA = client(a);
                PusherClient onB = client(b)) {
            for (PusherClient client : List.of(onA, onB)) {
                client.subscribe("cluster.news");
                client.await("pusher_internal:subscription_succeeded");
            }
            a.server.publish("cluster.news", "from-a", "{\"n\":1}");
            assertEquals("cluster.news", onB.await("from-a").getString("channel"), "B got A's event");
            onA.await("from-a");
            // A marker from B, after which any duplicate or echo of from-a would have arrived.
            b.server.publish("cluster.news", "marker", "{}");
            onA.await("marker");
            onB.await("marker");
            assertEquals(1, events(onA, "from-a").size(), "exactly once on A (no echo)");
            assertEquals(1, events(onB, "from-a").size(), "exactly once on B");
            assertEquals(1, events(onA, "marker").size());
            assertEquals(1, events(onB, "marker").size());
        }
    }

    /**
     * B's consumer job is stopped while A publishes 1000 events on ten channels; once the job is
     * restarted B's client gets each of them once, in per-channel order (at-least-once brokers).
     */
    private void catchesUpAfterItsJobWasStopped(ClusterNode a, ClusterNode b) throws Exception {
        int channels = 10;
        int perChannel = 100;
        try (PusherClient onB = client(b)) {
            for (int c = 0; c < channels; c++) {
                onB.subscribe("catchup." + c);
                onB.await("pusher_internal:subscription_succeeded");
            }
            assertEquals(0, b.consumer("stop"));
            await("b's job stopped").atMost(Duration.ofSeconds(60)).until(() -> !b.consumerRunning());

            for (int seq = 0; seq < perChannel; seq++) {
                for (int c = 0; c < channels; c++) {
                    a.server.publish("catchup." + c, "seq", String.valueOf(seq));
                }
            }
            assertEquals(0, b.consumer("restart"));
            try {
                await("all " + channels * perChannel + " caught up on b")
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> events(onB, "seq").size() >= channels * perChannel);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "b caught up " + events(onB, "seq").size() + " of " + channels * perChannel + "; a: "
                                + a.server.get("realtime/health").body() + "; b: "
                                + b.server.get("realtime/health").body(),
                        e);
            }
            List<JsonObject> got = events(onB, "seq");
            assertEquals(channels * perChannel, got.size(), "each once");
            Map<String, Integer> next = new HashMap<>();
            for (JsonObject frame : got) {
                String channel = frame.getString("channel");
                int seq = Integer.parseInt(frame.getString("data"));
                assertEquals(next.getOrDefault(channel, 0), seq, channel + " in order");
                next.put(channel, seq + 1);
            }
        }
    }

    private static PusherClient client(ClusterNode node) throws Exception {
        return PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"));
    }

    private static List<JsonObject> events(PusherClient client, String event) {
        return client.received().stream()
                .filter(f -> event.equals(f.getString("event", null)))
                .toList();
    }

    static void kafka(String action, int port) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("realtime.server-config"), "kafka", "kafka.sh");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), action).redirectErrorStream(true);
        builder.environment().put("KAFKA_PORT", String.valueOf(port));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(
                Path.of("target", "cluster-kafka.log").toFile()));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kafka.sh " + action + " failed; see target/cluster-kafka.log");
        }
    }
}
