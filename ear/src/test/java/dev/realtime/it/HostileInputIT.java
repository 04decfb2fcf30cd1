package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Findings 4 and 5 of issue 15, attacked on a WildFly node of its own (port offset 700) with the
 * Redis broker and its consumer job: a foreign publisher writing into Redis cannot inject SSE lines
 * or reserved events, nor make a forged {@code except} count, while an ordinary subscriber gets every
 * ordinary message; an unauthenticated 9 MB API body is refused before it is read.
 */
class HostileInputIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "abuse-" + RUN + ":";
    private static final String CHANNEL = "abuse.news";
    private static final int TICKS = 20;
    private static ClusterNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ClusterNode.start(
                "hostile-input", 700, Map.of("realtime.broker", "redis", "realtime.redis.channel-prefix", PREFIX));
        assertEquals(0, node.consumer("start", "pollTimeoutMs=200"), "consumer.sh start");
        await("consumer running").atMost(Duration.ofSeconds(60)).until(node::consumerRunning);
        await("broker and consumer connected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> node.server.get("realtime/health").statusCode() == 200);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static String envelope(String id, String event, String extra) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"channel\":\"" + CHANNEL + "\",\"event\":\"" + event
                + "\",\"origin\":\"node-elsewhere\",\"ts\":1" + extra + ",\"data\":{\"n\":\"" + id + "\"}}";
    }

    private static JsonObject broker() {
        return Server.json(node.server.get("realtime/health").body()).getJsonObject("broker");
    }

    @Test
    void forgedBrokerMessagesInjectNothingAndOrdinaryOnesAllArrive() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (SseClient sse =
                        SseClient.open(http, node.server.base.resolve("realtime/sse?channels=" + CHANNEL), Map.of());
                PusherClient ws = PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"))) {
            sse.await("realtime:connected");
            String socketId =
                    PusherClient.data(ws.await("pusher:connection_established")).getString("socket_id");
            ws.subscribe(CHANNEL);
            ws.await("pusher_internal:subscription_succeeded");
            long refusedBefore = broker().getJsonNumber("refused").longValue();

            List<String> attacks = List.of(
                    envelope("inject-1", "evil\\ndata: {\\\"forged\\\":1}\\n\\nevent: forged", ""),
                    envelope("inject-2", "x\\r\\nid: forged\\r\\nevent: forged", ""),
                    envelope("member-1", "pusher_internal:member_added", ",\"user\":\"intruder\""),
                    envelope("reserved-1", "pusher:error", ""),
                    "{\"sig\":\"" + "0".repeat(64) + "\","
                            + envelope("sig-1", "pusher_internal:member_removed", "")
                                    .substring(1),
                    envelope("inject-3\\nevent: forged", "tick", ""));
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                for (int i = 0; i < TICKS; i++) {
                    jedis.publish(PREFIX + CHANNEL, envelope("tick-" + i, "tick", ""));
                    node.server.publish(CHANNEL, "local", "{\"n\":" + i + "}");
                    if (i < attacks.size()) {
                        jedis.publish(PREFIX + CHANNEL, attacks.get(i));
                    }
                }
                jedis.publish(PREFIX + CHANNEL, envelope("except-1", "to-others", ",\"except\":\"" + socketId + "\""));
                jedis.publish(PREFIX + CHANNEL, envelope("marker", "marker", ""));
            }

            sse.await("marker");
            ws.await("marker");

            Set<String> allowed = Set.of("realtime:connected", "tick", "local", "to-others", "marker");
            for (SseClient.Event e : sse.received()) {
                assertTrue(allowed.contains(e.name()), () -> "unexpected SSE event " + e);
                assertFalse(e.data().contains("forged"), () -> "forged data in " + e);
                assertFalse(String.valueOf(e.id()).contains("forged"), () -> "forged id in " + e);
            }
            for (JsonObject frame : ws.received()) {
                String event = frame.getString("event", "");
                assertFalse(
                        event.startsWith("pusher_internal:member") || event.equals("pusher:error"),
                        () -> "reserved event reached the client: " + frame);
                assertFalse(event.contains("forged"), () -> "forged event: " + frame);
            }
            assertEquals(
                    ticks(sse.received().stream().map(SseClient.Event::name).toList(), "tick"), TICKS);
            assertEquals(
                    ticks(sse.received().stream().map(SseClient.Event::name).toList(), "local"), TICKS);
            List<String> wsEvents =
                    ws.received().stream().map(f -> f.getString("event", "")).toList();
            assertEquals(ticks(wsEvents, "tick"), TICKS, "every foreign ordinary message reached the WebSocket");
            assertEquals(ticks(wsEvents, "local"), TICKS, "every local message reached the WebSocket");
            assertEquals(1, ticks(wsEvents, "to-others"), "a forged except is ignored: the named socket gets it");
            JsonObject after = broker();
            assertTrue(
                    after.getJsonNumber("refused").longValue() >= refusedBefore + attacks.size(),
                    () -> "refusals counted: " + after);
            assertTrue(after.getJsonNumber("unsigned").longValue() >= TICKS + 2, () -> "unsigned counted: " + after);
        }
    }

    private static int ticks(List<String> names, String name) {
        return (int) names.stream().filter(name::equals).count();
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        long baseline = node.liveHeapBytes();
        int declared = 9 * 1024 * 1024;
        for (int attempt = 0; attempt < 5; attempt++) {
            String status = postWithoutFinishing("/apps/" + PusherApiRequests.APP_ID + "/events", declared, 65536);
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
            String auth = postWithoutFinishing("/broadcasting/auth", declared, 65536);
            assertTrue(auth.startsWith("HTTP/1.1 413"), auth);
        }

        HttpClient http = HttpClient.newHttpClient();
        String big = "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(1024 * 1024) + "\"}";
        URI signed = new PusherApiRequests(node.server)
                .signedAt(
                        "POST",
                        "/apps/" + PusherApiRequests.APP_ID + "/events",
                        big,
                        System.currentTimeMillis() / 1000);
        HttpResponse<String> chunked = http.send(chunkedPost(signed, big), HttpResponse.BodyHandlers.ofString());
        PusherApiRequests.assertError(413, "body_too_large", chunked);
        assertTrue(chunked.body().length() < 200, chunked.body());
        URI unsigned = node.server.base.resolve("apps/" + PusherApiRequests.APP_ID + "/events");
        PusherApiRequests.assertError(
                401, "missing_auth", http.send(chunkedPost(unsigned, big), HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(node.server.base.resolve("broadcasting/auth"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(("socket_id=1.2&channel_name=" + "x".repeat(100_000))
                                        .getBytes(StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        PusherApiRequests.assertError(413, "body_too_large", form);

        long after = node.liveHeapBytes();
        assertTrue(
                after - baseline < 8L * 1024 * 1024,
                () -> "live heap grew from " + baseline + " to " + after + " bytes");
    }

    private static HttpRequest chunkedPost(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /**
     * Sends the headers of a POST declaring {@code declared} bytes and only {@code sent} of them, then
     * reads the status line: an answer proves the server did not wait for the body.
     */
    private static String postWithoutFinishing(String path, int declared, int sent) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.server.base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + (path.contains("auth") ? "application/x-www-form-urlencoded" : "application/json")
                            + "\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(
                            line.substring("content-length:".length()).trim());
                }
            }
            assertTrue(length < 200, "a small error body, not " + length + " bytes");
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return status + " " + new String(body, 0, read);
        }
    }
}
