package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-origin browsers (the server runs with realtime.cors.allowed-origins =
 * http://127.0.0.1:8080,http://allowed.test): listed origins get CORS answers with credentials and
 * may open WebSockets; other origins get no CORS headers, a 403 preflight and a refused upgrade.
 */
class CorsIT extends RealtimeIT {
    static final String ALLOWED = "http://allowed.test";
    static final String EVIL = "http://evil.test";

    HttpResponse<String> preflight(String path, String origin) {
        return server.send(HttpRequest.newBuilder(server.base.resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-csrf-token")
                .build());
    }

    static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    @Test
    void preflightFromAListedOriginIsAnswered() {
        HttpResponse<String> answer = preflight("broadcasting/auth", ALLOWED);
        assertEquals(204, answer.statusCode());
        assertEquals(Optional.of(ALLOWED), header(answer, "Access-Control-Allow-Origin"));
        assertEquals(Optional.of("true"), header(answer, "Access-Control-Allow-Credentials"));
        assertTrue(header(answer, "Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals(Optional.of("content-type,x-csrf-token"), header(answer, "Access-Control-Allow-Headers"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        HttpResponse<String> answer = preflight("broadcasting/auth", EVIL);
        assertEquals(403, answer.statusCode());
        assertFalse(header(answer, "Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void authEndpointAnswersCarryCorsHeadersOnlyForListedOrigins() {
        for (String origin : new String[] {ALLOWED, EVIL}) {
            HttpResponse<String> answer = server.send(HttpRequest.newBuilder(server.base.resolve("pusher/auth"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", origin)
                    .header("X-Test-User", "alice")
                    .POST(HttpRequest.BodyPublishers.ofString("socket_id=1.2&channel_name=private-chat.1"))
                    .build());
            assertEquals(200, answer.statusCode());
            assertEquals(
                    origin.equals(ALLOWED) ? Optional.of(ALLOWED) : Optional.empty(),
                    header(answer, "Access-Control-Allow-Origin"),
                    origin);
        }
    }

    @Test
    void sseAndLongPollAnswerListedOrigins() throws Exception {
        try (SseClient sse = SseClient.open(
                server.http, server.base.resolve("realtime/sse?channels=cors-news"), Map.of("Origin", ALLOWED))) {
            sse.await("realtime:connected");
            assertEquals(Optional.of(ALLOWED), sse.header("Access-Control-Allow-Origin"));
        }
        HttpResponse<String> poll =
                server.send(HttpRequest.newBuilder(server.base.resolve("realtime/poll?channels=cors-news"))
                        .header("Origin", ALLOWED)
                        .build());
        assertEquals(Optional.of(ALLOWED), header(poll, "Access-Control-Allow-Origin"));
        server.send(HttpRequest.newBuilder(server.base.resolve(
                        "realtime/poll?client=" + Server.json(poll.body()).getString("client")))
                .DELETE()
                .build());
    }

    @Test
    void webSocketUpgradeChecksTheOrigin() throws Exception {
        try (PusherClient listed =
                PusherClient.connect(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"), true, ALLOWED)) {
            listed.await("pusher:connection_established");
        }
        ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", EVIL)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(server.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7"), new WebSocket.Listener() {})
                .get(15, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
        assertEquals(
                403,
                ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }
}
