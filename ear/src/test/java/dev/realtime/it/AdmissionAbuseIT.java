package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of issue 15, attacked on a node of its own (port offset 600) with low admission limits:
 * 3,000 sessionless long-poll requests with 100 channels each, Engine.IO handshakes, SSE streams and
 * Pusher WebSockets from one address each are refused past the per-address quota (429 with
 * {@code Retry-After} and a JSON body; Pusher close 4004) or the handshake rate (Pusher close 4301);
 * the node keeps only the admitted connections, its live heap after a GC stays near its baseline,
 * an ordinary subscriber keeps receiving every message published meanwhile, and once the attackers
 * are gone every admission is released exactly once. 127.0.0.1 is a trusted proxy here, so each
 * attack names its own client address in {@code X-Forwarded-For}; the subscriber sends none and is
 * counted as 127.0.0.1.
 */
class AdmissionAbuseIT {
    private static final int QUOTA = 20;
    private static final int BURST = 60;
    private static final int LONG_POLLS = 3000;
    private static final long HEAP_SLACK = 12L * 1024 * 1024;
    private static final String CHANNELS =
            IntStream.range(0, 100).mapToObj(i -> "flood-" + i).collect(Collectors.joining(","));

    private static ClusterNode node;
    private static HttpClient http;

    @BeforeAll
    static void startNode() throws Exception {
        node = ClusterNode.start(
                "admission",
                600,
                Map.of(
                        "realtime.admission.connections-per-address", Integer.toString(QUOTA),
                        "realtime.admission.handshake-burst", Integer.toString(BURST),
                        "realtime.admission.handshake-rate", "1",
                        "realtime.admission.trusted-proxies", "127.0.0.1",
                        "realtime.sse.keepalive", "1",
                        "realtime.socketio.ping-interval", "20000",
                        "realtime.socketio.ping-timeout", "5000"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void attackersAreRefusedPastTheirQuotaAndEveryAdmissionIsReleased() throws Exception {
        Server server = node.server;
        PusherClient subscriber = PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"));
        subscriber.await("pusher:connection_established");
        subscriber.subscribe("news");
        subscriber.await("pusher_internal:subscription_succeeded");
        warmUp();
        long baseline = node.liveHeapBytes();
        int published = 0;

        // long-poll: 3,000 sessionless clients with 100 channels each from 10.0.0.1
        List<String> pollClients = new ArrayList<>();
        int refusedPolls = 0;
        for (int i = 0; i < LONG_POLLS; i++) {
            HttpResponse<String> r = get("realtime/poll?channels=" + CHANNELS, "10.0.0.1");
            if (r.statusCode() == 200) {
                pollClients.add(Server.json(r.body()).getString("client"));
            } else {
                assertRefused(r, 429);
                refusedPolls++;
            }
            if (i % 100 == 0) {
                server.publish("news", "tick", "{\"n\":" + published++ + "}");
            }
        }
        assertEquals(QUOTA, pollClients.size(), "long-poll clients admitted");
        assertEquals(LONG_POLLS - QUOTA, refusedPolls);
        assertEquals(1 + QUOTA, health().getInt("connections"), "the subscriber and the admitted clients only");

        // Engine.IO handshakes over polling from 10.0.0.2
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = get("socket.io/?EIO=4&transport=polling", "10.0.0.2");
            if (r.statusCode() == 200) {
                assertTrue(r.body().startsWith("0{"), r.body());
                sids.add(Server.json(r.body().substring(1)).getString("sid"));
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                assertEquals(4, Server.json(r.body()).getInt("code"), r.body());
            }
            if (i % 20 == 0) {
                server.publish("news", "tick", "{\"n\":" + published++ + "}");
            }
        }
        assertEquals(QUOTA, sids.size(), "Engine.IO sessions admitted");

        // SSE streams from 10.0.0.3: the admitted ones stay open
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpResponse<InputStream> r = http.send(
                    request("realtime/sse?channels=" + CHANNELS, "10.0.0.3"),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 200) {
                streams.add(r.body());
            } else {
                try (InputStream body = r.body()) {
                    HttpResponse<String> text = new StringResponse(r, new String(body.readAllBytes()));
                    assertRefused(text, 429);
                }
            }
            if (i % 10 == 0) {
                server.publish("news", "tick", "{\"n\":" + published++ + "}");
            }
        }
        assertEquals(QUOTA, streams.size(), "SSE streams admitted");

        // Pusher WebSockets over the quota from 10.0.0.4: close 4004
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < QUOTA; i++) {
            Socket s = Socket.open("10.0.0.4");
            assertTrue(s.established(), "socket " + i + " admitted");
            sockets.add(s);
        }
        Socket over = Socket.open("10.0.0.4");
        assertEquals(4004, over.closeCode());
        assertTrue(over.text.indexOf("4004") >= 0, over.text.toString());
        server.publish("news", "tick", "{\"n\":" + published++ + "}");

        long attacked = node.liveHeapBytes();
        assertTrue(
                attacked - baseline < HEAP_SLACK,
                "live heap grew by " + (attacked - baseline) / 1024 + " KB under attack (baseline " + baseline / 1024
                        + " KB)");
        Awaitility.await("the subscriber and four quotas of attackers are open")
                .atMost(Duration.ofSeconds(10))
                .until(() -> health().getJsonObject("admission").getInt("open"), open -> open == 1 + 4 * QUOTA);

        // Pusher WebSockets over the handshake rate from 10.0.0.5: close 4301
        int admitted = 0;
        int code = 0;
        while (code == 0 && admitted < 3 * BURST) {
            Socket s = Socket.open("10.0.0.5");
            if (s.established()) {
                admitted++;
                s.close();
            } else {
                code = s.closeCode();
            }
        }
        assertEquals(4301, code, "after " + admitted + " handshakes");
        assertTrue(admitted >= BURST, "the burst is admitted: " + admitted);

        // the subscriber got every message, in order
        for (int n = 0; n < published; n++) {
            assertEquals(n, PusherClient.data(subscriber.await("tick")).getInt("n"));
        }

        // the attackers leave: DELETE, Engine.IO close packets and ping timeouts, streams closed
        for (String client : pollClients) {
            assertEquals(
                    204,
                    http.send(
                                    HttpRequest.newBuilder(server.base.resolve("realtime/poll?client=" + client))
                                            .DELETE()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());
        }
        for (String sid : sids.subList(0, QUOTA / 2)) {
            http.send(
                    HttpRequest.newBuilder(server.base.resolve("socket.io/?EIO=4&transport=polling&sid=" + sid))
                            .POST(HttpRequest.BodyPublishers.ofString("1"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        for (InputStream stream : streams) {
            stream.close();
        }
        sockets.forEach(Socket::close);
        Awaitility.await("every attacker released (the silent Engine.IO sessions by their ping timeout)")
                .atMost(Duration.ofSeconds(60))
                .until(() -> health().getJsonObject("admission").getInt("open") == 1);
        subscriber.close();
        Awaitility.await("the subscriber released")
                .atMost(Duration.ofSeconds(30))
                .until(() -> health().getJsonObject("admission").getInt("open") == 0);
        JsonObject end = health();
        JsonObject admission = end.getJsonObject("admission");
        assertEquals(0, end.getInt("connections"));
        assertEquals(
                admission.getJsonNumber("admitted").longValue(),
                admission.getJsonNumber("released").longValue());
        JsonObject refused = admission.getJsonObject("refused");
        assertTrue(refused.getInt("quota") > 0 && refused.getInt("rate") > 0, refused.toString());
    }

    /** One connection of each transport, so that the baseline heap includes what first use loads. */
    private static void warmUp() throws Exception {
        String client = Server.json(
                        get("realtime/poll?channels=warm", "10.9.9.9").body())
                .getString("client");
        http.send(
                HttpRequest.newBuilder(node.server.base.resolve("realtime/poll?client=" + client))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String open = get("socket.io/?EIO=4&transport=polling", "10.9.9.9").body();
        String sid = Server.json(open.substring(1)).getString("sid");
        http.send(
                HttpRequest.newBuilder(node.server.base.resolve("socket.io/?EIO=4&transport=polling&sid=" + sid))
                        .POST(HttpRequest.BodyPublishers.ofString("1"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        http.send(request("realtime/sse?channels=warm", "10.9.9.9"), HttpResponse.BodyHandlers.ofInputStream())
                .body()
                .close();
        Socket.open("10.9.9.9").close();
        for (String path : List.of("realtime/poll", "realtime/sse")) { // the channel cap holds on both
            HttpResponse<String> r = get(path + "?channels=" + CHANNELS + ",one-too-many", "10.9.9.9");
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("too_many_channels", Server.json(r.body()).getString("error"));
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        JsonObject body = Server.json(r.body());
        String error = body.getString("error");
        assertTrue(error.equals("too_many_connections") || error.equals("too_many_handshakes"), r.body());
        assertTrue(body.getInt("code") == 4004 || body.getInt("code") == 4301, r.body());
    }

    private static HttpRequest request(String path, String forwardedFor) {
        return HttpRequest.newBuilder(node.server.base.resolve(path))
                .header("X-Forwarded-For", forwardedFor)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        return http.send(request(path, forwardedFor), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject health() {
        return Server.json(node.server.get("realtime/health").body());
    }

    /** A Pusher WebSocket from a forwarded address that records its frames and its close code. */
    private static final class Socket implements WebSocket.Listener {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<String> established = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket ws;

        static Socket open(String forwardedFor) throws Exception {
            Socket s = new Socket();
            s.ws = http.newWebSocketBuilder()
                    .header("X-Forwarded-For", forwardedFor)
                    .buildAsync(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"), s)
                    .get(15, TimeUnit.SECONDS);
            return s;
        }

        /** Whether the server sent {@code connection_established} (else it refused and closes). */
        boolean established() throws Exception {
            return CompletableFuture.anyOf(established, closed).get(15, TimeUnit.SECONDS) instanceof String;
        }

        int closeCode() throws Exception {
            return closed.get(15, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (text) {
                text.append(data);
                if (text.indexOf("pusher:connection_established") >= 0) {
                    established.complete(text.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void close() {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A streamed response read to a string (a refusal's small body). */
    private record StringResponse(HttpResponse<InputStream> response, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }
}
