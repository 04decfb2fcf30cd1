package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A raw {@code text/event-stream} reader on the JDK HTTP client, parsing {@code id:},
 * {@code event:}, {@code data:} and comment lines exactly as they arrive on the wire.
 */
final class SseClient implements AutoCloseable {
    record Event(String id, String name, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> all = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static SseClient open(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(20, TimeUnit.SECONDS);
        return new SseClient(response);
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    Event await(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && name.equals(event.name())) {
                return event;
            }
        }
        assertNotNull(null, "no SSE event " + name + " within 20 s; received " + all);
        return null;
    }

    List<Event> received() {
        return List.copyOf(all);
    }

    List<String> comments() {
        return List.copyOf(comments);
    }

    /** The values of the {@code retry:} lines received. */
    List<String> retries() {
        return List.copyOf(retries);
    }

    /** Completes when the server has ended the stream. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Event event = new Event(id, name == null ? "message" : name, data.toString());
                        all.add(event);
                        events.add(event);
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("retry:")) {
                    retries.add(line.substring(6).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
            ended.complete(null);
        } catch (RuntimeException e) {
            // the stream was closed
            ended.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        response.body().close();
    }
}
