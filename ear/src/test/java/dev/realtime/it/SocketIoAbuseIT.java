package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile Socket.IO clients against a WildFly node of its own (port offset 500, the test
 * application's login and authorizers deployed, every {@code realtime.socketio.*} setting at its
 * default: no {@code auth-url}):
 *
 * <ul>
 *   <li>an Engine.IO polling session that POSTs pings of 900 KB and never GETs keeps only their
 *       pongs cut to {@code realtime.limits.echo-bytes}: the node's live heap stays within a few MB;
 *   <li>a polling session subscribed to a busy channel that never GETs is closed once its buffer
 *       passes {@code realtime.limits.outbound-bytes} (1 MiB), long before the 1,000-packet cap;
 *   <li>a session opened directly on a WebSocket whose handshake names another {@code Host}, and
 *       that subscribes with laravel-echo's {@code auth.headers}, makes the server connect
 *       nowhere: a listener on that host's port gets no connection; without an auth URL the
 *       headers are ignored and the anonymous socket is refused in its ack.
 * </ul>
 *
 * Meanwhile an ordinary Pusher subscriber on the same node receives every message published.
 */
class SocketIoAbuseIT {
    private static final int OFFSET = 500;
    private static final int PORT = 8080 + OFFSET;
    /** What the node may keep after an attack above what it kept before, after a full GC. */
    private static final long HEAP_SLACK = 8L * 1024 * 1024;

    private static ClusterNode node;

    @BeforeAll
    static void startNode() throws Exception {
        Path ear = RealtimeDeployment.exported("realtime-abuse.ear");
        node = ClusterNode.start("sio-abuse", OFFSET, Map.of(), ear);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void bigPingsThatAreNeverFetchedKeepOnlyTheirCappedPongs() throws Exception {
        String ping = "2" + "x".repeat(900_000);
        try (PusherClient bystander = subscriber("abuse-pings")) {
            warmUp(ping);
            long before = node.liveHeapBytes();
            String session = open();
            int ticks = 0;
            for (int i = 0; i < 100; i++) {
                // "3" answers the server's pings, so the session stays open while it is measured
                assertEquals("ok", post(session, "3\u001e" + ping).body(), "POST " + i);
                if (i % 10 == 0) {
                    node.server.publish("abuse-pings", "tick", "{\"n\":" + ticks++ + "}");
                }
            }
            long after = node.liveHeapBytes();
            assertTrue(
                    after - before < HEAP_SLACK,
                    "100 pings of 900 KB left " + (after - before) / 1024 + " KiB live (before " + before / 1024
                            + " KiB)");

            HttpResponse<String> fetched = get(session);
            assertEquals(200, fetched.statusCode());
            List<String> pongs = packets(fetched.body()).stream()
                    .filter(p -> p.startsWith("3"))
                    .toList();
            assertEquals(100, pongs.size(), "one pong per ping");
            for (String pong : pongs) {
                assertEquals("3" + "x".repeat(128) + "…", pong, "the pong repeats at most 128 bytes");
            }
            assertEveryTick(bystander, ticks);
        }
    }

    @Test
    void aSubscriberThatNeverFetchesIsClosedAtItsByteBudget() throws Exception {
        String channel = "abuse-busy";
        String filler = "f".repeat(8000);
        try (PusherClient bystander = subscriber(channel)) {
            long before = node.liveHeapBytes();
            String session = open();
            assertEquals("ok", post(session, "40").body());
            assertEquals(
                    "ok",
                    post(session, "421[\"subscribe\",{\"channel\":\"" + channel + "\"}]")
                            .body());
            Awaitility.await("the polling session subscribed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> node.server.subscribers(channel) == 2);

            int sent = 0;
            for (; sent < 300; sent++) { // 300 of 8 KB: 2.4 MB of text, 4.8 MB as Java strings
                node.server.publish(channel, "tick", "{\"n\":" + sent + ",\"fill\":\"" + filler + "\"}");
            }
            Awaitility.await("the stalled session closed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> node.server.subscribers(channel) == 1);
            HttpResponse<String> after = get(session);
            assertEquals(400, after.statusCode(), after.body());
            assertEquals(1, Server.json(after.body()).getInt("code"), "Session ID unknown: it was closed");
            assertEveryTick(bystander, sent);
            long retained = node.liveHeapBytes() - before;
            assertTrue(retained < HEAP_SLACK, "the attack left " + retained / 1024 + " KiB live");
        }
    }

    @Test
    void theHostHeaderNeverChoosesWhereTheServerPostsAuthHeaders() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open();
                PusherClient bystander = subscriber("abuse-ssrf")) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int trap = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            try (RawWebSocket ws = RawWebSocket.open(
                    "127.0.0.1", PORT, "/socket.io/?EIO=4&transport=websocket", "127.0.0.1:" + trap)) {
                assertTrue(ws.receive(f -> f.startsWith("0{")).contains("\"sid\""), "Engine.IO open packet");
                ws.send("40");
                ws.receive(f -> f.startsWith("40{\"sid\""));
                node.server.publish("abuse-ssrf", "tick", "{\"n\":0}");

                ws.send("421[\"subscribe\",{\"channel\":\"private-x\",\"auth\":{\"headers\":"
                        + "{\"Cookie\":\"rt-user=alice\",\"Authorization\":\"Bearer stolen\"}}}]");
                JsonObject refused = ack(ws.receive(f -> f.startsWith("431[")));
                assertEquals(401, refused.getInt("status"), "an anonymous socket: " + refused);
                assertEquals("private-x", refused.getString("channel"));

                // a channel alice may join: her cookie in auth.headers authenticates nobody without an auth URL
                ws.send("422[\"subscribe\",{\"channel\":\"private-chat.abuse\",\"auth\":{\"headers\":"
                        + "{\"Cookie\":\"rt-user=alice\",\"X-Forwarded-Host\":\"127.0.0.1:" + trap + "\"}}}]");
                assertEquals(401, ack(ws.receive(f -> f.startsWith("432["))).getInt("status"));
                node.server.publish("abuse-ssrf", "tick", "{\"n\":1}");
            }
            assertNull(listener.accept(), "the server connected to the port the Host header named");
            assertEveryTick(bystander, 2);
        }
    }

    /** A short run of the ping attack, so that what any first request allocates once is in the baseline. */
    private static void warmUp(String ping) throws Exception {
        String session = open();
        for (int i = 0; i < 3; i++) {
            post(session, "3\u001e" + ping);
        }
        get(session);
        post(session, "1");
        node.server.publish("abuse-pings", "warm-up", "{}");
    }

    private static PusherClient subscriber(String channel) throws Exception {
        PusherClient client = PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"));
        client.await("pusher:connection_established");
        client.subscribe(channel);
        client.await("pusher_internal:subscription_succeeded");
        return client;
    }

    /** The subscriber got ticks 0 to {@code count - 1}, in order. */
    private static void assertEveryTick(PusherClient client, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            assertEquals(i, PusherClient.data(client.await("tick")).getInt("n"), "tick " + i);
        }
    }

    private static JsonObject ack(String packet) {
        String args = packet.substring(packet.indexOf('['));
        return Server.json(args.substring(1, args.length() - 1));
    }

    /** Opens an Engine.IO polling session; its path with the sid. */
    private static String open() {
        HttpResponse<String> open = node.server.get("socket.io/?EIO=4&transport=polling");
        assertEquals(200, open.statusCode(), open.body());
        String sid = Server.json(open.body().substring(1)).getString("sid");
        return "socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    private static HttpResponse<String> get(String session) {
        return node.server.get(session);
    }

    private static HttpResponse<String> post(String session, String body) {
        return node.server.send(HttpRequest.newBuilder(URI.create(node.server.base + session))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static List<String> packets(String payload) {
        return new ArrayList<>(List.of(payload.split("\u001e")));
    }
}
