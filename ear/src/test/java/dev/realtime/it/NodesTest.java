package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests that start their own WildFly nodes share: a run id for unique names, and what
 * they opened, closed after each test in reverse order (servers after the clients on them, the
 * broker's cleanups after the servers when added first).
 */
abstract class NodesTest {
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /**
     * Starts one node per name (port offsets {@code firstOffset}, +100, …), each with its consumer
     * job started through the admin CLI, and waits until each hears every node on the cluster
     * channel.
     */
    List<ClusterNode> startCluster(List<String> names, int firstOffset, Map<String, String> properties, Path ear)
            throws Exception {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String name : names) {
            ClusterNode node = ClusterNode.start(name, firstOffset + 100 * nodes.size(), properties, ear);
            toClose.add(node);
            nodes.add(node);
        }
        for (ClusterNode node : nodes) {
            assertEquals(0, node.consumer("start", "pollTimeoutMs=200"), node.name + ": consumer.sh start");
            await(node.name + " consumer running")
                    .atMost(Duration.ofSeconds(60))
                    .until(node::consumerRunning);
        }
        for (ClusterNode node : nodes) {
            await(node.name + " hears every node")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Server.json(node.server.get("realtime/health").body())
                                    .getJsonObject("cluster")
                                    .getJsonArray("nodes")
                                    .size()
                            == names.size());
        }
        return nodes;
    }
}
