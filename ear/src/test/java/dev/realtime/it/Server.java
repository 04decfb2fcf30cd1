package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the deployed server: the demo endpoints (EJB broadcast, counts) and JSON GETs. */
final class Server {
    final URI base;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Server(URL base) {
        this(URI.create(base.toString()));
    }

    Server(URI base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    /**
     * Broadcasts through the demo endpoint, which calls a @Stateless EJB that calls broadcast(); on a
     * private, presence or {@code user.*} channel, which the demo refuses, through the test
     * deployment's {@code /test/broadcast} (Arquillian's EAR has it, a plain EAR does not).
     */
    String publish(String channel, String event, String dataJson) {
        return publish(channel, event, dataJson, null);
    }

    String publish(String channel, String event, String dataJson, String exceptSocketId) {
        String body = "{\"channel\":\"" + channel + "\",\"event\":\"" + event + "\",\"data\":" + dataJson
                + (exceptSocketId != null ? ",\"socketId\":\"" + exceptSocketId + "\"" : "") + "}";
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(base.resolve(isPublic(channel) ? "realtime/demo/broadcast" : "test/broadcast"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertEquals(202, response.statusCode(), response.body());
        return json(response.body()).getString("id");
    }

    /** This node's counts: the demo's for a public channel, else the test deployment's (see publish). */
    JsonObject stats(String channel) {
        HttpResponse<String> response =
                get((isPublic(channel) ? "realtime/demo/stats" : "test/stats") + "?channel=" + channel);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    /** What the demo endpoints accept: not private, presence, nor the default private pattern user.*. */
    static boolean isPublic(String channel) {
        return !channel.startsWith("private-") && !channel.startsWith("presence-") && !channel.startsWith("user.");
    }

    int connections(String channel) {
        return stats(channel).getInt("connections");
    }

    int subscribers(String channel) {
        return stats(channel).getInt("subscribers");
    }

    /** POSTs nothing to {@code path}; the body of its 200 answer. */
    String postText(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/" + path);
    }

    /** {@code text} as a JSON string literal. */
    static String jsonString(String text) {
        return Json.createValue(text).toString();
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
