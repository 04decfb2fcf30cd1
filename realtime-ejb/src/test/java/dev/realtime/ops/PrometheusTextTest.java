package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {
    /** A sample line: name, optional {labels}, an integer value. */
    static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,"
                    + "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*)})? (-?[0-9]+)");

    static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");

    /**
     * Parses the text back: every line a HELP/TYPE comment or a sample of the family announced
     * before it. Returns {@code name{labels}} to value.
     */
    static Map<String, Long> parse(String text) {
        assertTrue(text.endsWith("\n"), "the text ends with a line feed");
        Map<String, Long> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        String family = null;
        for (String line : text.split("\n")) {
            Matcher comment = COMMENT.matcher(line);
            if (comment.matches()) {
                if (comment.group(1).equals("TYPE")) {
                    assertTrue(comment.group(3).matches("counter|gauge"), line);
                    assertEquals(null, types.put(comment.group(2), comment.group(3)), "one TYPE per family: " + line);
                }
                family = comment.group(2);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a comment nor a sample: " + line);
            assertEquals(family, sample.group(1), "a sample follows its family's HELP and TYPE: " + line);
            String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
            assertEquals(null, samples.put(key, Long.parseLong(sample.group(4))), "one sample per series: " + line);
        }
        return samples;
    }

    @Test
    void writesHelpTypeAndSamples() {
        String text = new PrometheusText()
                .counter("a_total", "Things.\nMore", 3)
                .gauge("b", "Level", -1)
                .family("c_total", "counter", "By reason")
                .sample("c_total", "reason", "x\"y\\z", 7)
                .toString();
        assertEquals(
                "# HELP a_total Things.\\nMore\n# TYPE a_total counter\na_total 3\n"
                        + "# HELP b Level\n# TYPE b gauge\nb -1\n"
                        + "# HELP c_total By reason\n# TYPE c_total counter\nc_total{reason=\"x\\\"y\\\\z\"} 7\n",
                text);
        assertEquals(Map.of("a_total", 3L, "b", -1L, "c_total{reason=\"x\\\"y\\\\z\"}", 7L), parse(text));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @CsvSource({"a, counter", "a_total, gauge", "1a, gauge", "a-b, gauge"})
    void refusesNamesThatBreakTheConventions(String name, String type) {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family(name, type, "h"));
    }

    @Test
    void aFamilyIsWrittenOnceAndSamplesFollowIt() {
        PrometheusText text = new PrometheusText().gauge("g", "h", 1);
        assertThrows(IllegalArgumentException.class, () -> text.gauge("g", "h", 2));
        assertThrows(IllegalArgumentException.class, () -> text.sample("other", Map.of(), 1));
    }

    @Test
    void theNodesMetricsParseAndMoveWithItsCounters() throws Exception {
        RealtimeNode node = new RealtimeNode(RealtimeSettings.defaults(), new NoneBroker());
        Map<String, Long> before = parse(metrics(node));
        assertEquals(0L, before.get("realtime_deliveries_total"));
        assertEquals(0L, before.get("realtime_connections{transport=\"websocket\"}"));
        assertEquals(1L, before.get("realtime_broker_connected"));
        try (MemoryClient a = node.memory().connect().subscribe("news");
                MemoryClient b = node.memory().connect().subscribe("news");
                MemoryClient c = node.memory().connect("carol").join("presence-room", "{}")) {
            for (int i = 0; i < 3; i++) {
                node.broadcast("news", "e", i);
            }
            Map<String, Long> after = parse(metrics(node));
            assertEquals(6L, after.get("realtime_deliveries_total"), "2 recipients x 3 events");
            assertEquals(3L, after.get("realtime_connections{transport=\"memory\"}"));
            assertEquals(3L, after.get("realtime_subscriptions{transport=\"memory\"}"));
            assertEquals(1L, after.get("realtime_presence_members"));
            assertEquals(1L, after.get("realtime_cluster_nodes"));
        }
        MemoryClient slow = node.memory().connect();
        slow.disconnect(Disconnect.SLOW, "test");
        node.authRefusals().refused(AuthRefusals.Kind.SIGNATURE);
        Map<String, Long> closed = parse(metrics(node));
        assertEquals(3L, closed.get("realtime_disconnects_total{reason=\"client\",transport=\"memory\"}"));
        assertEquals(1L, closed.get("realtime_disconnects_total{reason=\"slow\",transport=\"memory\"}"));
        assertEquals(0L, closed.get("realtime_disconnects_total{reason=\"timeout\",transport=\"memory\"}"));
        assertEquals(1L, closed.get("realtime_auth_refusals_total{kind=\"signature\"}"));
        assertEquals(0L, closed.get("realtime_auth_refusals_total{kind=\"denied\"}"));
    }

    private static String metrics(RealtimeNode node) {
        PrometheusText out = new PrometheusText();
        NodeMetrics.write(node, out);
        return out.toString();
    }
}
