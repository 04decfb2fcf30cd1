package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pusher.rest.Pusher;
import dev.realtime.auth.PusherSignatures;
import jakarta.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pusher HTTP API calls for the tests: the official SDK pointed at the test server, and raw requests
 * for what the SDK never sends (another timestamp, a body that differs from the signed one).
 */
final class PusherApiRequests {
    static final String APP_ID = "app";
    static final String SECRET = "test-secret";

    private final Server server;

    PusherApiRequests(Server server) {
        this.server = server;
    }

    /** pusher-http-java, unchanged, for {@code appId}/{@code key}/{@code secret} on the test server. */
    Pusher sdk(String appId, String key, String secret) {
        Pusher pusher = new Pusher(appId, key, secret);
        pusher.setHost(server.base.getHost() + ":" + server.base.getPort());
        pusher.setEncrypted(false);
        return pusher;
    }

    /** The URI of a request signed as the SDKs sign it, but at {@code timestamp} (unix seconds). */
    URI signedAt(String method, String path, String body, long timestamp) {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("auth_key", RealtimeDeployment.APP_KEY);
        params.put("auth_timestamp", Long.toString(timestamp));
        params.put("auth_version", "1.0");
        params.put("body_md5", md5(body));
        String pairs = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        params.put(
                "auth_signature",
                new PusherSignatures(RealtimeDeployment.APP_KEY, SECRET).sign(method + "\n" + path + "\n" + pairs));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return server.base.resolve(path.substring(1) + "?" + query);
    }

    HttpResponse<String> post(URI uri, String body) {
        return server.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The body of {@code POST /apps/{id}/events} for one channel. */
    static String event(String channel, String name, String data) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("channel", channel)
                .add("data", data)
                .build()
                .toString();
    }

    /** The response has that status and the JSON error body with that code. */
    static void assertError(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(code, Server.json(response.body()).getString("error"), response.body());
    }

    private static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
