package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operations page on a real WildFly (port offset 1600, Redis on 127.0.0.1:6379 as broker, the
 * test application's login): 401 without a user, 403 without the role, 503 past
 * {@code realtime.ops.max-streams}; with the role, the page in headless Chromium shows the idle
 * node, then N WebSocket clients and M broadcasts: N connections on {@code websocket}, exactly N × M
 * deliveries, the loaded channel first among the busiest, and its charts' series moved; once the
 * browser has gone, its stream's slot is free again. The raw stream is parsed from Java, field by
 * field. (404 while disabled: {@code OpsAccessTest}.)
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OpsPageIT extends NodesTest {
    private static final String ROLE = "realtime-ops";
    private static final int CLIENTS = 3;
    private static final int EVENTS = 5;

    @Test
    void thePageIsGuardedAndShowsTheLoadAppliedToTheNode() throws Exception {
        BrowserClientsIT.chromium();
        long started = System.currentTimeMillis();
        Path ear = RealtimeDeployment.exported("realtime-opspage.ear");
        ClusterNode node = ClusterNode.start(
                "opspage",
                1600,
                Map.of(
                        "realtime.broker", "redis",
                        "realtime.redis.url", "redis://127.0.0.1:6379",
                        "realtime.redis.channel-prefix", "opspage-" + run + ":",
                        "realtime.cluster.replication", "false",
                        "realtime.ops.enabled", "true",
                        "realtime.ops.interval-ms", "250",
                        "realtime.ops.max-streams", "2"),
                ear);
        toClose.add(node);

        guarded(node, "realtime/ops/");
        guarded(node, "realtime/ops/ops.js");
        guarded(node, "realtime/ops/stream");
        HttpResponse<String> page = get(node, "realtime/ops/", "ann", ROLE);
        assertEquals(200, page.statusCode());
        assertEquals(
                "text/html;charset=UTF-8",
                page.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(
                page.headers()
                        .firstValue("Content-Security-Policy")
                        .orElse("")
                        .startsWith("default-src 'none'; script-src 'self';"),
                page.headers().toString());
        assertTrue(page.body().contains("<script src=\"ops.js\" defer></script>"), "its script from the WAR");
        HttpResponse<String> withoutSlash = get(node, "realtime/ops", "ann", ROLE);
        assertEquals(303, withoutSlash.statusCode());
        assertEquals(
                node.server.base.resolve("realtime/ops/").toString(),
                withoutSlash.headers().firstValue("Location").orElse(""));

        String channel = "ops-busy." + run;
        String quiet = "ops-quiet." + run;
        try (NodeClients.Script browser = new NodeClients.Script(
                "ops-page.mjs",
                node.server.base.toString(),
                "ann",
                ROLE,
                String.valueOf(CLIENTS),
                String.valueOf(CLIENTS * EVENTS),
                channel)) {
            assertEquals("LOADED", browser.awaitLine(l -> l.equals("LOADED") || l.startsWith("FAIL"), "LOADED"));

            // the raw stream next to the page's: the second and last one allowed
            SseClient stream = SseClient.open(
                    node.server.http,
                    node.server.base.resolve("realtime/ops/stream"),
                    Map.of("X-Test-User", "ann", "X-Test-Roles", ROLE));
            toClose.add(stream);
            assertEquals(200, stream.status());
            assertEquals("no-store", stream.header("Cache-Control").orElse(""));
            JsonObject idle = Server.json(stream.await("snapshot").data());
            assertIdle(idle, started);
            HttpResponse<String> third = get(node, "realtime/ops/stream", "bob", ROLE);
            assertEquals(503, third.statusCode(), third.body());
            assertEquals("10", third.headers().firstValue("Retry-After").orElse(""));

            // the load: N WebSocket clients on one channel (one also on a quieter one), M broadcasts
            List<PusherClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                PusherClient client =
                        PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"));
                toClose.add(client);
                clients.add(client);
                client.subscribe(channel);
                client.await("pusher_internal:subscription_succeeded");
            }
            clients.get(0).subscribe(quiet);
            clients.get(0).await("pusher_internal:subscription_succeeded");
            for (int i = 0; i < EVENTS; i++) {
                node.server.publish(channel, "load", "{\"n\":" + i + "}");
            }
            for (PusherClient client : clients) {
                for (int i = 0; i < EVENTS; i++) {
                    client.await("load");
                }
            }

            assertEquals("PASS", browser.awaitLine(l -> l.equals("PASS") || l.startsWith("FAIL"), "PASS/FAIL"));
            assertEquals(0, browser.exitCode());

            JsonObject loaded = awaitLoaded(stream);
            assertEquals(EVENTS, loaded.getJsonObject("totals").getInt("published"));
            assertEquals(
                    0,
                    loaded.getJsonObject("totals").getInt("consumed"),
                    "delivered here when published; no consumer job runs in this test");
            assertEquals(
                    "{\"connections\":" + CLIENTS + ",\"subscriptions\":" + (CLIENTS + 1) + "}",
                    loaded.getJsonObject("connections")
                            .getJsonObject("byTransport")
                            .getJsonObject("websocket")
                            .toString());
            assertEquals(
                    "[{\"name\":\"" + channel + "\",\"subscribers\":" + CLIENTS + "},{\"name\":\"" + quiet
                            + "\",\"subscribers\":1}]",
                    loaded.getJsonArray("channels").toString());
            assertEquals(
                    (long) CLIENTS * EVENTS,
                    metric(node, "realtime_deliveries_total"),
                    "the page and /realtime/metrics read the same counter");

            // the browser has gone: its stream is dropped (at its next write), and its slot is free again
            await("the browser's stream is dropped")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        try (SseClient again = SseClient.open(
                                node.server.http,
                                node.server.base.resolve("realtime/ops/stream"),
                                Map.of("X-Test-User", "bob", "X-Test-Roles", ROLE))) {
                            return again.status() == 200;
                        }
                    });
        }
    }

    /** 401 without a user, 403 for a user without the role (with another role, or none). */
    private static void guarded(ClusterNode node, String path) {
        HttpResponse<String> anonymous = get(node, path, null, null);
        assertEquals(401, anonymous.statusCode(), path + ": " + anonymous.body());
        assertEquals(
                "{\"error\":\"unauthenticated\",\"message\":\"Sign in to see the operations page\"}", anonymous.body());
        assertEquals(403, get(node, path, "eve", null).statusCode(), path);
        HttpResponse<String> otherRole = get(node, path, "eve", "viewer");
        assertEquals(403, otherRole.statusCode(), path);
        assertEquals(
                "{\"error\":\"forbidden\",\"message\":\"The operations page needs the role " + ROLE + "\"}",
                otherRole.body());
    }

    /** The first snapshot of the idle node, every field. */
    private static void assertIdle(JsonObject s, long started) {
        assertEquals(
                List.of(
                        "node",
                        "time",
                        "intervalMs",
                        "connections",
                        "rates",
                        "totals",
                        "queuedBytes",
                        "broker",
                        "consumer",
                        "cluster",
                        "channels"),
                List.copyOf(s.keySet()),
                s.toString());
        assertEquals("opspage", s.getString("node"));
        long time = s.getJsonNumber("time").longValue();
        assertTrue(time >= started && time <= System.currentTimeMillis(), "sampled during the test: " + s);
        assertEquals(250, s.getInt("intervalMs"));
        assertEquals(
                "{\"connections\":0,\"subscriptions\":0}",
                s.getJsonObject("connections")
                        .getJsonObject("byTransport")
                        .getJsonObject("websocket")
                        .toString());
        assertEquals(0, s.getJsonObject("connections").getInt("total"));
        assertEquals(
                "{\"published\":0,\"consumed\":0,\"delivered\":0,\"dropped\":0,\"brokerDropped\":0,\"consumerDropped\":0}",
                s.getJsonObject("totals").toString());
        assertEquals(
                "{\"published\":0.0,\"consumed\":0.0,\"delivered\":0.0,\"dropped\":0.0,\"brokerDropped\":0.0,"
                        + "\"consumerDropped\":0.0}",
                s.getJsonObject("rates").toString());
        assertEquals(0, s.getInt("queuedBytes"));
        assertEquals(
                "{\"name\":\"redis\",\"connected\":true,\"pending\":0,\"lag\":-1}",
                s.getJsonObject("broker").toString());
        assertEquals(
                "{\"running\":false,\"lag\":-1}", s.getJsonObject("consumer").toString());
        assertEquals("{\"nodes\":1}", s.getJsonObject("cluster").toString());
        assertEquals("[]", s.getJsonArray("channels").toString());
    }

    /** The first snapshot of the stream that counts every delivery of the load. */
    private static JsonObject awaitLoaded(SseClient stream) {
        JsonObject[] last = new JsonObject[1];
        // deliveries are made when published; the broker accepts the same messages asynchronously
        await("a snapshot with the load delivered and published")
                .atMost(Duration.ofSeconds(30))
                .until(() -> {
                    last[0] = Server.json(stream.await("snapshot").data());
                    JsonObject totals = last[0].getJsonObject("totals");
                    return totals.getInt("delivered") == CLIENTS * EVENTS && totals.getInt("published") >= EVENTS;
                });
        return last[0];
    }

    private static long metric(ClusterNode node, String name) {
        for (String line : node.server.get("realtime/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in /realtime/metrics");
    }

    private static HttpResponse<String> get(ClusterNode node, String path, String user, String roles) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(node.server.base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("X-Test-User", user);
        }
        if (roles != null) {
            request.header("X-Test-Roles", roles);
        }
        return node.server.send(request.GET().build());
    }
}
