package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.auth.PusherSignatures;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rolling restart behind a load balancer (WildFly only): two nodes (port offsets 1400 and 1500)
 * over Redis, a {@link TcpBalancer} in front that prefers node a while it accepts connections. pusher-js
 * and socket.io-client connect through it (to a), a raw WebSocket and an SSE stream connect to a
 * directly, and a's consumer job runs. Then a is stopped as WildFly is stopped (SIGTERM): during
 * the grace period a answers readiness 503 {@code draining} and refuses new connections; then the
 * raw WebSocket gets close 4200 and so does pusher-js, which reconnects through the balancer to b;
 * socket.io-client reconnects to b; the SSE stream gets {@code retry:} and ends; the consumer job
 * stops before the broker closes; a's webhooks (a presence member's arrival and departure, held
 * for a batch of ten minutes) are sent before it stops; and events broadcast on b reach both
 * reconnected clients.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DrainIT {
    private static final String CHANNEL = "drain-news";
    private static final String ROOM = "presence-drain";
    private static final PusherSignatures SIGNATURES =
            new PusherSignatures(RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    @Test
    void aNodeShutDownTellsItsClientsToReconnectAndTheyContinueOnTheOtherNode() throws Exception {
        Map<String, String> common = Map.of(
                "realtime.broker", "redis",
                "realtime.redis.channel-prefix", "drain-" + run + ":",
                "realtime.cluster.replication", "false");
        WebhookReceiver hooks = closeLater(new WebhookReceiver());
        Map<String, String> aProperties = new java.util.HashMap<>(common);
        aProperties.put("realtime.drain.grace-ms", "3000");
        aProperties.put("realtime.webhooks.urls", hooks.url());
        aProperties.put("realtime.webhooks.batch-ms", "600000"); // only the drain sends them
        ClusterNode a = closeLater(ClusterNode.start("drain-a", 1400, aProperties));
        ClusterNode b = closeLater(ClusterNode.start("drain-b", 1500, common));
        TcpBalancer balancer = closeLater(new TcpBalancer(List.of(
                new InetSocketAddress("127.0.0.1", a.server.base.getPort()),
                new InetSocketAddress("127.0.0.1", b.server.base.getPort()))));

        assertEquals(0, a.consumer("start", "pollTimeoutMs=200"), "consumer.sh start on a");
        await("a's consumer running").atMost(PATIENCE).until(a::consumerRunning);

        // clients on a: pusher-js and socket.io-client through the balancer, a raw WebSocket and SSE directly
        PusherClient raw =
                closeLater(PusherClient.connect(a.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=java")));
        raw.await("pusher:connection_established");
        raw.subscribe(CHANNEL);
        raw.await("pusher_internal:subscription_succeeded");
        NodeClients.Script pusherJs = closeLater(new NodeClients.Script(
                "pusher-drain.mjs",
                "127.0.0.1",
                String.valueOf(balancer.port()),
                RealtimeDeployment.APP_KEY,
                CHANNEL,
                "after.drain"));
        String firstSocket = pusherJs.await("SUBSCRIBED");
        NodeClients.Script socketIo = closeLater(new NodeClients.Script(
                "socketio-drain.mjs", "http://127.0.0.1:" + balancer.port() + "/", CHANNEL, "after.drain"));
        socketIo.await("SUBSCRIBED 1");
        PusherClient ann =
                closeLater(PusherClient.connect(a.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=java")));
        String annSocket =
                PusherClient.data(ann.await("pusher:connection_established")).getString("socket_id");
        String channelData = "{\"user_id\":\"ann\"}";
        ann.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + ROOM + "\",\"auth\":\""
                + SIGNATURES.presenceAuth(annSocket, ROOM, channelData) + "\",\"channel_data\":"
                + Server.jsonString(channelData) + "}}");
        ann.await("pusher_internal:subscription_succeeded");
        SseClient sse = closeLater(SseClient.open(
                HttpClient.newHttpClient(), a.server.base.resolve("realtime/sse?channels=" + CHANNEL), Map.of()));
        sse.await("realtime:connected");
        await("a holds all four clients, b none")
                .atMost(PATIENCE)
                .until(() -> a.server.subscribers(CHANNEL) == 4 && b.server.subscribers(CHANNEL) == 0);

        // SIGTERM, as WildFly is stopped
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                a.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await("a answers readiness 503 draining during the grace period")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    HttpResponse<String> ready = a.server.get("realtime/health/ready");
                    return ready.statusCode() == 503
                            && Server.json(ready.body())
                                    .getJsonArray("reasons")
                                    .getJsonObject(0)
                                    .getString("code")
                                    .equals("draining");
                });

        assertEquals(4200, raw.closed().get(60, TimeUnit.SECONDS), "the raw WebSocket on a");
        JsonObject error = Server.json(pusherJs.await("ERROR"));
        assertEquals(4200, error.getJsonObject("data").getInt("code"), "what pusher-js saw first: " + error);
        assertEquals(
                Server.json("{\"reason\":\"draining\"}"),
                Server.json(sse.await("realtime:reconnect").data()));
        sse.ended().get(60, TimeUnit.SECONDS);
        assertEquals(List.of("1000"), sse.retries(), "the SSE stream's retry before it ended");
        assertEquals("transport close", socketIo.await("DISCONNECTED"), "a reason socket.io-client reconnects from");

        stopped.get(90, TimeUnit.SECONDS);
        String log = Files.readString(Path.of("target", "cluster", "drain-a", "log", "server.log"));
        assertTrue(log.contains("Drain: the consumer job has stopped"), "a's log tells the consumer stopped");
        assertTrue(log.contains("Drained"), "a's log tells the drain completed");
        // a's webhooks, held for a batch of ten minutes, were sent by the drain before the node stopped
        List<String> webhooks = hooks.on(ROOM);
        assertEquals(4, webhooks.size(), "webhooks " + webhooks);
        assertEquals(List.of("channel_occupied", "member_added ann"), webhooks.subList(0, 2));
        assertEquals(Set.of("member_removed ann", "channel_vacated"), Set.copyOf(webhooks.subList(2, 4)));

        // both reconnected through the balancer, to b, and receive what b broadcasts
        String secondSocket = pusherJs.awaitLine(
                        l -> l.startsWith("SUBSCRIBED ") && !l.equals("SUBSCRIBED " + firstSocket),
                        "SUBSCRIBED with a new socket id")
                .substring("SUBSCRIBED ".length());
        socketIo.awaitLine(l -> l.startsWith("SUBSCRIBED ") && !l.startsWith("SUBSCRIBED 1 "), "a new subscription");
        await("b holds both reconnected clients").atMost(PATIENCE).until(() -> b.server.subscribers(CHANNEL) == 2);
        b.server.publish(CHANNEL, "after.drain", "{\"n\":1}");
        assertEquals(Server.json("{\"n\":1}"), Server.json(pusherJs.await("EVENT")), "pusher-js " + secondSocket);
        assertEquals(Server.json("{\"n\":1}"), Server.json(socketIo.await("EVENT " + CHANNEL)), "socket.io-client");
        assertTrue(balancer.forwardedTo(b.server.base.getPort()) >= 2, "the balancer sent them to b");
    }
}
