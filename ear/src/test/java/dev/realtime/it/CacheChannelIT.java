package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel history and Pusher cache channels on a real two-node cluster: WildFly at port offsets
 * 1700 and 1800, the Redis broker (history in Redis, shared), the consumer job started on both
 * through the admin CLI. pusher-js (Node) gets {@code pusher:cache_miss} on an empty cache channel
 * (and the {@code cache_miss} webhook, once) and, subscribing on node B, the last event published
 * through node A's Pusher HTTP API at once;
 * {@code RealtimeManager.history} (read through the test application's {@code /test/history})
 * answers the same consecutive positions on both nodes for messages broadcast on either.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CacheChannelIT extends NodesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void cacheChannelsAndHistoryPositionsAgreeAcrossTwoNodesOverRedis() throws Exception {
        WebhookReceiver hooks = new WebhookReceiver();
        toClose.add(hooks);
        List<ClusterNode> nodes = startCluster(hooks);
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        String cache = "cache-" + run;

        // an empty cache channel: pusher:cache_miss right after subscription_succeeded
        assertEquals(List.of("SUBSCRIBED " + cache, "CACHE_MISS " + cache), subscribe(b, cache));
        await("the cache_miss webhook").atMost(PATIENCE).until(() -> hooks.on(cache)
                .equals(List.of("cache_miss")));

        // published on a through the Pusher HTTP API, received at once by a fresh subscriber on b
        Pusher api = new PusherApiRequests(a.server)
                .sdk(PusherApiRequests.APP_ID, RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET);
        for (int v = 1; v <= 2; v++) {
            Result sent = api.trigger(cache, "state", Map.of("v", v));
            assertEquals(Result.Status.SUCCESS, sent.getStatus(), sent.getMessage());
        }
        assertEquals(List.of("SUBSCRIBED " + cache, "EVENT state {\"v\":2}"), subscribe(b, cache));
        assertEquals(List.of("SUBSCRIBED " + cache, "EVENT state {\"v\":2}"), subscribe(a, cache));
        assertEquals(List.of("cache_miss"), hooks.on(cache), "no miss once the channel has an event");

        // history: broadcasts on both nodes, one run of consecutive offsets that both nodes answer
        String channel = "hist-" + run + ".orders";
        List<JsonObject> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(broadcast(i % 2 == 0 ? a : b, channel, i));
        }
        String epoch = sent.get(0).getString("epoch");
        assertEquals(
                LongStream.rangeClosed(1, 6).boxed().toList(),
                sent.stream().map(s -> s.getJsonNumber("offset").longValue()).toList(),
                "each broadcast got the next offset, whichever node sent it: " + sent);
        assertTrue(sent.stream().allMatch(s -> s.getString("epoch").equals(epoch)), sent.toString());
        for (ClusterNode node : nodes) {
            JsonObject page = history(node, channel, null, null, 100);
            assertTrue(page.getBoolean("complete"), page.toString());
            assertEquals(6, page.getJsonNumber("offset").longValue());
            assertEquals(epoch, page.getString("epoch"));
            assertEquals(
                    sent.stream().map(s -> s.getString("id")).toList(),
                    page.getJsonArray("messages").stream()
                            .map(m -> m.asJsonObject().getString("id"))
                            .toList(),
                    node.name);
            assertEquals(
                    LongStream.rangeClosed(1, 6).boxed().toList(),
                    page.getJsonArray("messages").stream()
                            .map(m -> m.asJsonObject().getJsonNumber("offset").longValue())
                            .toList());
        }
        JsonObject after4 = history(b, channel, 4L, epoch, 1);
        assertTrue(after4.getBoolean("complete"));
        assertEquals(List.of(5L), offsets(after4), "since and limit");
        JsonObject otherEpoch = history(a, channel, 4L, "elsewhere", 100);
        assertEquals(false, otherEpoch.getBoolean("complete"), "another epoch cannot be resumed");
        assertEquals(6, offsets(otherEpoch).size());
        for (ClusterNode node : nodes) {
            JsonObject history =
                    Server.json(node.server.get("realtime/health").body()).getJsonObject("history");
            assertEquals("{\"store\":\"redis\",\"failures\":0}", history.toString(), node.name);
        }
    }

    private static List<Long> offsets(JsonObject page) {
        return page.getJsonArray("messages").stream()
                .map(m -> m.asJsonObject().getJsonNumber("offset").longValue())
                .toList();
    }

    /** pusher-js subscribing on {@code node}: what the channel emitted, up to the first event or cache miss. */
    private static List<String> subscribe(ClusterNode node, String channel) throws Exception {
        try (NodeClients.Script script = new NodeClients.Script(
                "pusher-cache.mjs",
                "127.0.0.1",
                Integer.toString(node.server.base.getPort()),
                RealtimeDeployment.APP_KEY,
                channel)) {
            String first = script.awaitLine(
                    l -> l.startsWith("SUBSCRIBED ") || l.startsWith("EVENT ") || l.startsWith("CACHE_MISS "),
                    "SUBSCRIBED, EVENT or CACHE_MISS");
            String second = script.awaitLine(
                    l -> l.startsWith("EVENT ") || l.startsWith("CACHE_MISS ") || l.startsWith("TIMEOUT"),
                    "EVENT or CACHE_MISS");
            assertEquals(0, script.exitCode());
            return List.of(first, second);
        }
    }

    /** {@code broadcast()} on {@code node} through the test application; its answer (id, offset, epoch). */
    private static JsonObject broadcast(ClusterNode node, String channel, int n) {
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"order\",\"data\":{\"n\":" + n + "}}";
        HttpResponse<String> response =
                node.server.send(HttpRequest.newBuilder(node.server.base.resolve("test/broadcast"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertEquals(202, response.statusCode(), response.body());
        return Server.json(response.body());
    }

    private static JsonObject history(ClusterNode node, String channel, Long offset, String epoch, int limit) {
        String query = "test/history?channel=" + channel + "&limit=" + limit
                + (epoch == null ? "" : "&offset=" + offset + "&epoch=" + epoch);
        HttpResponse<String> response = node.server.get(query);
        assertEquals(200, response.statusCode(), response.body());
        return Server.json(response.body());
    }

    private List<ClusterNode> startCluster(WebhookReceiver hooks) throws Exception {
        Path ear = RealtimeDeployment.exported("realtime-cache.ear");
        Map<String, String> properties = new HashMap<>();
        properties.put("realtime.broker", "redis");
        properties.put("realtime.redis.channel-prefix", "cache-it-" + run + ":");
        properties.put("realtime.history.channels", "hist-*");
        properties.put("realtime.webhooks.urls", hooks.url());
        properties.put("realtime.webhooks.events", "cache_miss");
        properties.put("realtime.webhooks.batch-ms", "200");
        properties.put("realtime.cluster.heartbeat-ms", "500");
        properties.put("realtime.cluster.node-ttl-ms", "3000");
        return startCluster(List.of("cache-a", "cache-b"), 1700, properties, ear);
    }
}
