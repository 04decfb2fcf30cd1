package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Pusher-protocol client on the JDK's {@link WebSocket}: every frame the server sends is parsed
 * and queued; a server {@code pusher:ping} is answered with {@code pusher:pong}, as pusher-js does.
 */
final class PusherClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<JsonObject> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private final boolean answerPings;
    private volatile boolean paused;
    private WebSocket socket;

    private PusherClient(boolean answerPings) {
        this.answerPings = answerPings;
    }

    static PusherClient connect(URI uri) throws Exception {
        return connect(uri, true);
    }

    /** With {@code answerPings} false the client ignores server pings, like a dead peer. */
    static PusherClient connect(URI uri, boolean answerPings) throws Exception {
        return connect(uri, answerPings, null);
    }

    /** With {@code origin}, the upgrade carries that Origin header, as a browser's does. */
    static PusherClient connect(URI uri, boolean answerPings, String origin) throws Exception {
        PusherClient client = new PusherClient(answerPings);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .get(15, TimeUnit.SECONDS);
        return client;
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    void subscribe(String channel) {
        send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
    }

    /** Waits for the next frame with that event name; frames with other names are skipped. */
    JsonObject await(String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame != null && event.equals(frame.getString("event", null))) {
                return frame;
            }
        }
        assertNotNull(null, "no " + event + " within 20 s; received " + all);
        return null;
    }

    /** The frame's {@code data}, which the Pusher protocol sends as a JSON string. */
    static JsonObject data(JsonObject frame) {
        return Server.json(frame.getString("data"));
    }

    /** Every frame received so far. */
    List<JsonObject> received() {
        return List.copyOf(all);
    }

    int pings() {
        return pings.get();
    }

    /** The close code, once the server closed the connection. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame = Server.json(partial.toString());
            partial.setLength(0);
            if ("pusher:ping".equals(frame.getString("event", null))) {
                pings.incrementAndGet();
                if (answerPings) {
                    webSocket.sendText("{\"event\":\"pusher:pong\",\"data\":{}}", true);
                }
            }
            all.add(frame);
            frames.add(frame);
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    /** Stops reading from the socket (like a client on a stalled network); frames pile up in TCP. */
    void pause() {
        paused = true;
    }

    /** Reads again after {@link #pause}: what piled up in TCP arrives. */
    void resume() {
        paused = false;
        socket.request(1);
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

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
