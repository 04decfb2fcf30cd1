package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.channel.ChannelType;
import dev.realtime.config.SocketIoSettings;
import dev.realtime.message.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The calls to the configured channel-auth endpoint, against a real HTTP server on 127.0.0.1:
 * only allowed headers go out, the answer is read up to the cap, a call that takes too long is
 * cancelled, and calls in flight are bounded per session and per node, refused at once beyond.
 */
class EchoAuthCallsTest {
    private static final PusherSignatures SIGNATURES = new PusherSignatures("key", "secret");
    private static final String SOCKET = "123.456";
    private static final JsonObject HEADERS = jakarta.json.Json.createReader(
                    new StringReader("{\"Authorization\":\"Bearer t\",\"X-Secret\":\"no\",\"Cookie\":\"c=1\"}"))
            .readObject();

    private HttpServer server;
    private ScheduledExecutorService executor;
    /** Requests the server saw, by path: their headers. */
    private final Map<String, com.sun.net.httpserver.Headers> seen = new ConcurrentHashMap<>();
    /** Released at the end of each test, so that held requests finish. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", e -> {
            seen.put("/ok", e.getRequestHeaders());
            String form = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String channel = form.substring("channel_name=".length(), form.indexOf('&'));
            answer(e, 200, "{\"auth\":" + Json.quote(SIGNATURES.privateAuth(SOCKET, channel)) + "}");
        });
        server.createContext("/hold", e -> {
            awaitRelease();
            answer(e, 403, "{}");
        });
        server.createContext("/large-declared", e -> answer(e, 200, "x".repeat(5000)));
        server.createContext("/large-chunked", e -> {
            e.sendResponseHeaders(200, 0); // chunked: the length shows only while reading
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("y".repeat(1000).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException closedByTheClient) {
                // expected: the client stops reading past the cap
            }
        });
        server.createContext("/denied", e -> answer(e, 403, "{\"message\":\"no\"}"));
        server.start();
        executor = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private EchoAuth auth(String path, Duration timeout, int inFlight, int nodeInFlight) {
        SocketIoSettings.AuthCalls calls = new SocketIoSettings.AuthCalls(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Set.of("authorization", "cookie"),
                timeout,
                1024,
                inFlight,
                nodeInFlight);
        return new EchoAuth(EchoAuth.client(calls), calls, SIGNATURES, executor);
    }

    private static EchoAuth.Outcome call(EchoAuth auth, Semaphore session) {
        return auth.authorize(session, HEADERS, SOCKET, "private-x", ChannelType.PRIVATE)
                .toCompletableFuture()
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
    }

    @Test
    void aValidAnswerGrantsAndOnlyAllowedHeadersWentOut() {
        Semaphore session = new Semaphore(1);
        EchoAuth.Outcome outcome = call(auth("/ok", Duration.ofSeconds(5), 1, 1), session);
        assertNotNull(outcome.grant(), "status " + outcome.status());
        com.sun.net.httpserver.Headers headers = seen.get("/ok");
        assertEquals(List.of("Bearer t"), headers.get("Authorization"));
        assertEquals(List.of("c=1"), headers.get("Cookie"));
        assertEquals(null, headers.get("X-Secret"), "not on the allow-list");
        assertEquals(1, session.availablePermits(), "the permit is back");
    }

    @Test
    void theEndpointsRefusalIsPassedOn() {
        assertEquals(
                403,
                call(auth("/denied", Duration.ofSeconds(5), 1, 1), new Semaphore(1))
                        .status());
    }

    @ParameterizedTest(name = "an answer over the cap ({0}) is refused with 502")
    @ValueSource(strings = {"/large-declared", "/large-chunked"})
    void anAnswerOverTheCapIsNotReadFurther(String path) {
        Semaphore session = new Semaphore(1);
        assertEquals(502, call(auth(path, Duration.ofSeconds(5), 1, 1), session).status());
        assertEquals(1, session.availablePermits());
    }

    @Test
    void aCallThatTakesTooLongIsCancelledWith504() {
        Semaphore session = new Semaphore(1);
        assertEquals(
                504, call(auth("/hold", Duration.ofMillis(300), 1, 1), session).status());
        assertEquals(1, session.availablePermits(), "the cancelled call gave its permit back");
    }

    @Test
    void anUnreachableEndpointIsRefusedWith500() throws IOException {
        int port;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        SocketIoSettings.AuthCalls calls = SocketIoSettings.AuthCalls.to(URI.create("http://127.0.0.1:" + port + "/"));
        EchoAuth unreachable = new EchoAuth(EchoAuth.client(calls), calls, SIGNATURES, executor);
        assertEquals(500, call(unreachable, new Semaphore(1)).status());
    }

    @Test
    void callsInFlightAreBoundedPerSessionThenPerNode() {
        EchoAuth auth = auth("/hold", Duration.ofSeconds(30), 2, 3);
        Semaphore first = new Semaphore(2);
        Semaphore second = new Semaphore(2);
        CompletableFuture<EchoAuth.Outcome> a = start(auth, first);
        CompletableFuture<EchoAuth.Outcome> b = start(auth, first);
        assertEquals(429, start(auth, first).join().status(), "the session's third call, at once");
        CompletableFuture<EchoAuth.Outcome> c = start(auth, second);
        assertEquals(503, start(auth, second).join().status(), "the node's fourth call, at once");
        assertEquals(1, second.availablePermits(), "a call refused by the node keeps no session permit");
        release.countDown();
        for (CompletableFuture<EchoAuth.Outcome> held : List.of(a, b, c)) {
            assertEquals(403, held.orTimeout(30, TimeUnit.SECONDS).join().status());
        }
        assertEquals(2, first.availablePermits());
        assertEquals(2, second.availablePermits());
        assertTrue(start(auth, second).orTimeout(30, TimeUnit.SECONDS).join().status() == 403, "room again");
    }

    private static CompletableFuture<EchoAuth.Outcome> start(EchoAuth auth, Semaphore session) {
        return auth.authorize(session, HEADERS, SOCKET, "private-x", ChannelType.PRIVATE)
                .toCompletableFuture();
    }
}
