package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop reading cannot make a node keep more than their byte budgets: Pusher WebSockets
 * that never read, SSE streams whose socket is never read, and long-poll clients that never poll,
 * all subscribed to a busy channel of 8 KB messages, under the {@code drop} policy (so they stay
 * connected for the whole attack). The node's live heap after a full GC grows by no more than the
 * attackers' budgets, {@code delivery.queuedBytes} stays under them, and an ordinary subscriber on
 * the same node receives every message in order meanwhile. Runs on a WildFly node of its own (port
 * offset 900) with history off, so the heap measures the queues and not the resume ring.
 */
class OutboundBudgetAbuseIT {
    private static final String CHANNEL = "abuse-feed";
    private static final int EACH = 4; // attackers per transport
    private static final int MESSAGES = 3000; // 8 KB each: 24 MB per attacker without a budget
    private static final long BUDGET = 1 << 20;
    private static ClusterNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ClusterNode.start(
                "outbound-budget",
                900,
                Map.of(
                        "realtime.limits.outbound-policy", "drop",
                        "realtime.limits.outbound-queue", "100000",
                        "realtime.limits.outbound-bytes", Long.toString(BUDGET),
                        "realtime.longpoll.buffer", "100000",
                        "realtime.history.size", "0"));
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void stalledClientsOnEveryTransportCostNoMoreThanTheirBudgets() throws Exception {
        Server server = node.server;
        String path = "app/" + RealtimeDeployment.APP_KEY + "?protocol=7";
        List<AutoCloseable> attackers = new ArrayList<>();
        List<String> pollClients = new ArrayList<>();
        try (PusherClient ordinary = PusherClient.connect(node.ws(path))) {
            ordinary.await("pusher:connection_established");
            ordinary.subscribe(CHANNEL);
            ordinary.await("pusher_internal:subscription_succeeded");
            for (int i = 0; i < EACH; i++) {
                PusherClient ws = PusherClient.connect(node.ws(path));
                attackers.add(ws);
                ws.await("pusher:connection_established");
                ws.subscribe(CHANNEL);
                ws.await("pusher_internal:subscription_succeeded");
                ws.pause();
                attackers.add(unreadSse(node.offset));
                pollClients.add(Server.json(
                                server.get("realtime/poll?channels=" + CHANNEL).body())
                        .getString("client"));
            }
            Awaitility.await("every attacker subscribed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> server.subscribers(CHANNEL) == 1 + 3 * EACH);
            long before = node.liveHeapBytes();

            String filler = "x".repeat(8000);
            for (int n = 0; n < MESSAGES; n++) {
                server.publish(CHANNEL, "tick", "{\"n\":" + n + ",\"fill\":\"" + filler + "\"}");
            }
            for (int n = 0; n < MESSAGES; n++) {
                assertEquals(n, PusherClient.data(ordinary.await("tick")).getInt("n"), "the ordinary subscriber");
            }

            JsonObject delivery = health(server).getJsonObject("delivery");
            long attackerBudgets = 3L * EACH * BUDGET;
            assertTrue(delivery.getJsonNumber("dropped").longValue() > 0, "the attackers' queues never filled");
            long queued = delivery.getJsonNumber("queuedBytes").longValue();
            assertTrue(queued <= attackerBudgets, queued + " bytes queued, over " + attackerBudgets);
            long grown = node.liveHeapBytes() - before;
            System.out.printf(
                    "OutboundBudgetAbuseIT: %d stalled clients, live heap %+d KB, queued %d KB, dropped %d%n",
                    3 * EACH,
                    grown / 1024,
                    queued / 1024,
                    delivery.getJsonNumber("dropped").longValue());
            assertTrue(
                    grown <= attackerBudgets + 16 * BUDGET,
                    "the node's live heap grew by " + grown / 1024 + " KB under " + 3 * EACH + " stalled clients");
            assertEquals(3 * EACH + 1, server.subscribers(CHANNEL), "drop keeps the stalled clients connected");
        } finally {
            for (AutoCloseable a : attackers) {
                a.close();
            }
            for (String client : pollClients) {
                server.send(HttpRequest.newBuilder(server.base.resolve("realtime/poll?client=" + client))
                        .DELETE()
                        .build());
            }
        }
        Awaitility.await("the attackers' bytes went back to the node")
                .atMost(Duration.ofSeconds(60))
                .until(() -> health(server)
                                .getJsonObject("delivery")
                                .getJsonNumber("queuedBytes")
                                .longValue()
                        == 0);
    }

    /** An SSE stream whose socket is never read: the request is written, the answer left in TCP. */
    private static AutoCloseable unreadSse(int offset) throws Exception {
        Socket socket = new Socket("127.0.0.1", 8080 + offset);
        socket.setReceiveBufferSize(4096);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /realtime/sse?channels=" + CHANNEL + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static JsonObject health(Server server) {
        HttpResponse<String> response = server.get("realtime/health");
        return Server.json(response.body());
    }
}
