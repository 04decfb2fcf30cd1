package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile Pusher clients and the demo endpoint, on a WildFly node of its own (port offset 800): an
 * app key too long for a close reason gets a clean close 4001 and is never counted as a connection;
 * what the server quotes back of a client's input is capped; socket ids of consecutive connections
 * are unrelated; the demo endpoint publishes to public channels only.
 */
class PusherRefusalIT {
    private static final int ECHO_BYTES = 128; // realtime.limits.echo-bytes, the default
    private static ClusterNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ClusterNode.start("pusher-refusal", 800, Map.of());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "a 200-character app key of {0} gets close 4001 and is never counted")
    @ValueSource(strings = {"k", "é"})
    void overlongAppKeyIsClosedCleanlyWith4001(String character) throws Exception {
        String key = character.repeat(200);
        awaitConnections(0); // the clients of other tests are gone
        URI uri = node.ws("app/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?protocol=7");
        try (PusherClient client = PusherClient.connect(uri)) {
            JsonObject error = PusherClient.data(client.await("pusher:error"));
            assertEquals(4001, error.getInt("code"));
            assertTrue(bytes(error.getString("message")) < ECHO_BYTES + 64, error.getString("message"));

            assertEquals(4001, client.closed().get(20, TimeUnit.SECONDS), "the close code the client sees");
            assertEquals(0, connections(), "the refused socket was counted");
        }
        try (PusherClient accepted = PusherClient.connect(pusherUri())) {
            accepted.await("pusher:connection_established");
            assertEquals(1, connections(), "an accepted socket is counted: the count is live");
        }
    }

    @Test
    void consecutiveConnectionsGetUnrelatedSocketIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (PusherClient client = PusherClient.connect(pusherUri())) {
                ids.add(PusherClient.data(client.await("pusher:connection_established"))
                        .getString("socket_id"));
            }
        }
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            assertTrue(id.matches("\\d{16}\\.\\d{16}"), id + " is two integers joined by a dot");
            prefixes.add(id.substring(0, id.indexOf('.')));
            if (i > 0) {
                long step = Long.parseLong(id.substring(id.indexOf('.') + 1))
                        - Long.parseLong(ids.get(i - 1).substring(ids.get(i - 1).indexOf('.') + 1));
                assertTrue(Math.abs(step) > 1000, "sequential ids: " + ids);
            }
        }
        assertEquals(ids.size(), prefixes.size(), "a shared prefix: " + ids);
    }

    @Test
    void repliesQuoteAtMostTheEchoCapOfTheClientsInput() throws Exception {
        String name = "x".repeat(20_000);
        try (PusherClient client = PusherClient.connect(pusherUri())) {
            client.await("pusher:connection_established");

            client.send("{\"event\":\"" + name + "\",\"data\":{}}");
            JsonObject unknown = PusherClient.data(client.await("pusher:error"));
            assertEquals(4000, unknown.getInt("code"));
            assertTrue(unknown.getString("message").startsWith("Unknown event xxx"), unknown.toString());
            assertTrue(bytes(unknown.getString("message")) <= ECHO_BYTES + 32, unknown.toString());

            client.subscribe(name);
            JsonObject refused = client.await("pusher:subscription_error");
            assertTrue(
                    refused.toString().length() < 1000,
                    "an answer of " + refused.toString().length());
            assertEquals("invalid_channel", PusherClient.data(refused).getString("type"));
        }
    }

    @ParameterizedTest(name = "the demo refuses to publish on {0} with 403")
    @ValueSource(strings = {"private-chat.1", "presence-room.1", "user.42"})
    void demoRefusesNonPublicChannels(String channel) {
        HttpResponse<String> refused = demoBroadcast(channel);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("forbidden", Server.json(refused.body()).getString("error"));
        assertTrue(refused.body().length() < 300, refused.body());

        HttpResponse<String> stats = node.server.get("realtime/demo/stats?channel=" + channel);
        assertEquals(403, stats.statusCode(), stats.body());
    }

    @Test
    void demoStillPublishesOnPublicChannelsAndTheBenchmarkIsNotInTheProduct() {
        assertEquals(202, demoBroadcast("news").statusCode());
        assertEquals(404, node.server.get("realtime/demo/clock").statusCode());
        HttpResponse<String> bench =
                node.server.send(HttpRequest.newBuilder(node.server.base.resolve("realtime/demo/bench"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"prefix\":\"b-\",\"channels\":1,\"rate\":20000,\"seconds\":120}"))
                        .build());
        assertNotEquals(200, bench.statusCode());
        assertTrue(bench.statusCode() == 404 || bench.statusCode() == 405, bench.statusCode() + " " + bench.body());
    }

    private static HttpResponse<String> demoBroadcast(String channel) {
        return node.server.send(HttpRequest.newBuilder(node.server.base.resolve("realtime/demo/broadcast"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel\":\"" + channel + "\",\"event\":\"e\",\"data\":{\"n\":1}}"))
                .build());
    }

    private static URI pusherUri() {
        return node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7");
    }

    /** This node's connections, as /realtime/health counts them. */
    private static int connections() {
        return Server.json(node.server.get("realtime/health").body()).getInt("connections");
    }

    private static void awaitConnections(int n) {
        Awaitility.await("connections == " + n)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(PusherRefusalIT::connections, count -> count == n);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
