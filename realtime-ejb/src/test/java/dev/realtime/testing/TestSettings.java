package dev.realtime.testing;

import java.util.HashMap;
import java.util.Map;

/** Settings for tests that count every message a broker carries. */
public final class TestSettings {
    private TestSettings() {}

    /**
     * {@code values} with {@code realtime.cluster.replication=false}: the node sends none of its
     * own cluster messages (heartbeats, presence, counts), so a broker carries the test's messages
     * only. The cluster's messages are tested on their own ({@code ClusterTest}, the contract tests).
     */
    public static Map<String, String> withoutClusterTraffic(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put("realtime.cluster.replication", "false");
        return copy;
    }
}
