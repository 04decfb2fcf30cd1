package dev.realtime.it;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A Pusher webhook receiver on the loopback, as an application runs one: keeps every request. */
final class WebhookReceiver implements AutoCloseable {
    /** One request: its Pusher headers and body. */
    record Request(String key, String signature, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pusher/webhooks", exchange -> {
            requests.add(new Request(
                    exchange.getRequestHeaders().getFirst("X-Pusher-Key"),
                    exchange.getRequestHeaders().getFirst("X-Pusher-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pusher/webhooks";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every event of every request so far, in arrival order. */
    List<JsonObject> events() {
        return requests.stream()
                .flatMap(r -> Server.json(r.body()).getJsonArray("events").getValuesAs(JsonObject.class).stream())
                .toList();
    }

    /** {@code name channel user_id} of the events on {@code channel}, for readable assertions. */
    List<String> on(String channel) {
        return events().stream()
                .filter(e -> channel.equals(e.getString("channel", null)))
                .map(e -> e.getString("name") + (e.containsKey("user_id") ? " " + e.getString("user_id") : ""))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
