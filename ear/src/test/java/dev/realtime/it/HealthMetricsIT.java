package dev.realtime.it;

import static dev.realtime.it.PrometheusScrape.metrics;
import static dev.realtime.it.PrometheusScrape.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The probes and the metrics on the server the suite runs on, WildFly and Payara alike: both probes
 * answer 200 with a connected broker, and {@code /realtime/metrics} moves by exactly what the clients
 * did: deliveries, connections that ended (reason {@code client}) and refused channel signatures.
 */
class HealthMetricsIT extends RealtimeIT {
    private static final String DISCONNECTED_BY_CLIENT =
            "realtime_disconnects_total{reason=\"client\",transport=\"websocket\"}";
    private static final String REFUSED_SIGNATURES = "realtime_auth_refusals_total{kind=\"signature\"}";

    @Test
    void bothProbesAnswerWhileTheBrokerIsConnected() {
        HttpResponse<String> live = server.get("realtime/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("live", Server.json(live.body()).getString("status"));
        HttpResponse<String> ready = server.get("realtime/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject answer = Server.json(ready.body());
        assertEquals("ready", answer.getString("status"));
        assertEquals(0, answer.getJsonArray("reasons").size(), answer.toString());
        assertEquals(1L, metrics(server).get("realtime_broker_connected"));
    }

    @Test
    void theCountersMoveByExactlyWhatTheClientsDid() throws Exception {
        String channel = "metrics-" + UUID.randomUUID();
        int clients = 3;
        int events = 2;
        Map<String, Long> before = metrics(server);
        List<PusherClient> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                PusherClient client = connect();
                subscribers.add(client);
                client.await("pusher:connection_established");
                client.subscribe(channel);
                client.await("pusher_internal:subscription_succeeded");
            }
            for (int i = 0; i < events; i++) {
                server.publish(channel, "counted", "{\"n\":" + i + "}");
            }
            for (PusherClient client : subscribers) {
                for (int i = 0; i < events; i++) {
                    client.await("counted");
                }
            }
            try (PusherClient forger = connect()) {
                forger.await("pusher:connection_established");
                forger.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-" + channel
                        + "\",\"auth\":\"" + RealtimeDeployment.APP_KEY + ":0000\"}}");
                JsonObject refusal = forger.await("pusher:subscription_error");
                assertEquals(401, PusherClient.data(refusal).getInt("status"), refusal.toString());
            }
        } finally {
            subscribers.forEach(PusherClient::close);
        }
        long deliveries = value(before, "realtime_deliveries_total") + (long) clients * events;
        long ended = value(before, DISCONNECTED_BY_CLIENT) + clients + 1;
        await("every client's end is counted")
                .atMost(Duration.ofSeconds(30))
                .until(() -> value(metrics(server), DISCONNECTED_BY_CLIENT) >= ended);
        Map<String, Long> after = metrics(server);
        assertEquals(deliveries, after.get("realtime_deliveries_total"), "exactly clients × events deliveries");
        assertEquals(ended, after.get(DISCONNECTED_BY_CLIENT), "each client that closed, once");
        assertEquals(value(before, REFUSED_SIGNATURES) + 1, after.get(REFUSED_SIGNATURES), "one forged signature");
    }
}
