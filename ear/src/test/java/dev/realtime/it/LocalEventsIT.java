package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /apps/{appId}/local_events}: another node's envelopes, delivered to this node's
 * clients only (the path a consumer outside the server uses). Signed, from the loopback only,
 * checked whole before anything is delivered.
 */
class LocalEventsIT extends RealtimeIT {
    private static final String PATH = "/apps/" + PusherApiRequests.APP_ID + "/local_events";
    private PusherApiRequests api;

    @BeforeEach
    void api() {
        api = new PusherApiRequests(server);
    }

    private static String envelope(String id, String channel, String event) {
        return Envelopes.json(id, channel, event, "node-z");
    }

    private HttpResponse<String> send(String body) {
        URI uri = api.signedAt("POST", PATH, body, System.currentTimeMillis() / 1000);
        return api.post(uri, body);
    }

    @Test
    void signedEnvelopesFromThisMachineReachTheClientsOnce() throws Exception {
        long before = Server.json(server.get("realtime/health").body())
                .getJsonObject("consumer")
                .getJsonNumber("delivered")
                .longValue();
        try (PusherClient client = connect()) {
            client.subscribe("local-events");
            client.await("pusher_internal:subscription_succeeded");
            HttpResponse<String> response = send(
                    envelope("z-1", "local-events", "first") + "\n" + envelope("z-2", "local-events", "second") + "\n");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(2, Server.json(response.body()).getInt("delivered"));
            assertEquals("z-1", PusherClient.data(client.await("first")).getString("id"));
            assertEquals("z-2", PusherClient.data(client.await("second")).getString("id"));
        }
        long after = Server.json(server.get("realtime/health").body())
                .getJsonObject("consumer")
                .getJsonNumber("delivered")
                .longValue();
        assertEquals(before + 2, after, "the health view counts them as delivered by a consumer");
    }

    @Test
    void aBadLineRefusesTheWholeRequest() throws Exception {
        try (PusherClient client = connect()) {
            client.subscribe("local-bad");
            client.await("pusher_internal:subscription_succeeded");
            HttpResponse<String> response =
                    send(envelope("b-1", "local-bad", "never") + "\n{\"v\":1,\"channel\":\"local-bad\"}\n");
            PusherApiRequests.assertError(400, "invalid_envelope", response);
            assertTrue(response.body().contains("Line 2"), response.body());

            send(envelope("b-2", "local-bad", "marker"));
            client.await("marker");
            List<String> events = client.received().stream()
                    .map(f -> f.getString("event"))
                    .filter(e -> !e.startsWith("pusher"))
                    .toList();
            assertEquals(List.of("marker"), events, "nothing of the refused request was delivered");
        }
    }

    @Test
    void unsignedRequestsAreRefused() {
        String body = envelope("u-1", "local-events", "x");
        HttpResponse<String> response = api.post(server.base.resolve(PATH.substring(1)), body);
        PusherApiRequests.assertError(401, "missing_auth", response);
    }
}
