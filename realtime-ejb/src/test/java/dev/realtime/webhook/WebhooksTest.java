package dev.realtime.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.broker.DaemonThreads;
import dev.realtime.config.WebhookSettings;
import dev.realtime.message.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Webhooks against a real HTTP receiver on the loopback: batches, signatures, retries, limits. */
class WebhooksTest {
    private static final String KEY = "app-key";
    private static final String SECRET = "webhook-secret";

    /** One request the receiver got. */
    record Received(String key, String signature, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final CountDownLatch hold = new CountDownLatch(1);
    private volatile boolean holding;
    private final HttpServer server = receiver();
    private Webhooks webhooks;

    private HttpServer receiver() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(
                        exchange.getRequestHeaders().getFirst("X-Pusher-Key"),
                        exchange.getRequestHeaders().getFirst("X-Pusher-Signature"),
                        body));
                if (holding) {
                    try {
                        hold.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Webhooks webhooks(Set<String> events, int batchSize, int queue, Duration retryFor) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
        webhooks = new Webhooks(
                new WebhookSettings(
                        List.of(url),
                        events,
                        Duration.ofMillis(200),
                        batchSize,
                        queue,
                        Duration.ofSeconds(5),
                        retryFor),
                KEY,
                new PusherSignatures(KEY, SECRET),
                DaemonThreads.INSTANCE);
        return webhooks;
    }

    @AfterEach
    void stop() {
        hold.countDown();
        if (webhooks != null) {
            webhooks.close();
        }
        server.stop(0);
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private List<JsonObject> events() {
        return received.stream()
                .flatMap(r -> Json.createReader(new StringReader(r.body()))
                        .readObject()
                        .getJsonArray("events")
                        .getValuesAs(JsonObject.class)
                        .stream())
                .toList();
    }

    private Webhooks slowBatches() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
        webhooks = new Webhooks(
                new WebhookSettings(
                        List.of(url),
                        Set.of("member_removed"),
                        Duration.ofMinutes(10), // a batch would wait this long for company
                        100,
                        100,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                KEY,
                new PusherSignatures(KEY, SECRET),
                DaemonThreads.INSTANCE);
        return webhooks;
    }

    @Test
    @Timeout(60)
    void aDrainSendsWhatIsQueuedAtOnceBeforeItStops() {
        Webhooks w = slowBatches();
        w.memberRemoved("presence-room", "ann");
        w.memberRemoved("presence-room", "bob");

        w.close(Duration.ofSeconds(30));

        assertEquals(
                List.of("ann", "bob"),
                events().stream().map(e -> e.getString("user_id")).toList(),
                "sent before close returned, without waiting for the batch");
        assertEquals("{\"sent\":2,\"failed\":0,\"dropped\":0,\"pending\":0}", w.healthJson());
        w.memberRemoved("presence-room", "late");
        assertEquals("{\"sent\":2,\"failed\":0,\"dropped\":0,\"pending\":0}", w.healthJson(), "closed");
    }

    @Test
    @Timeout(60)
    void aDrainGivesUpOnAFailingReceiverAtItsDeadlineAndCountsWhatIsLeft() {
        failFirst.set(Integer.MAX_VALUE);
        Webhooks w = slowBatches();
        w.memberRemoved("presence-room", "ann");

        w.close(Duration.ofMillis(300)); // retries would go on for five minutes

        assertEquals("{\"sent\":0,\"failed\":1,\"dropped\":0,\"pending\":0}", w.healthJson());
    }

    @Test
    void eventsAreBatchedSignedAsPusherSignsAndFiltered() throws Exception {
        Webhooks w = webhooks(Set.of("channel_occupied", "member_added", "channel_vacated"), 100, 100, Duration.ZERO);
        w.occupied("presence-room");
        w.memberAdded("presence-room", "ann");
        w.clientEvent(new Message("1", "presence-room", "client-x", "{}", 0, "n", null), "1.2"); // not asked for
        w.vacated("presence-room");

        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() == 3);
        assertEquals(1, received.size(), "one request for the three");
        Received r = received.get(0);
        assertEquals(KEY, r.key());
        assertEquals(hmac(r.body()), r.signature(), "hex HMAC-SHA256 of the body with the app secret");
        JsonObject body = Json.createReader(new StringReader(r.body())).readObject();
        assertTrue(body.getJsonNumber("time_ms").longValue() > 0);
        assertEquals(
                List.of(
                        "{\"name\":\"channel_occupied\",\"channel\":\"presence-room\"}",
                        "{\"name\":\"member_added\",\"channel\":\"presence-room\",\"user_id\":\"ann\"}",
                        "{\"name\":\"channel_vacated\",\"channel\":\"presence-room\"}"),
                events().stream().map(JsonObject::toString).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> w.healthJson().startsWith("{\"sent\":3,"));
    }

    @Test
    void aClientEventCarriesItsDataAsAStringTheSocketAndTheMember() {
        Webhooks w = webhooks(WebhookSettings.EVENTS, 100, 100, Duration.ZERO);
        w.clientEvent(new Message("1", "presence-room", "client-wave", "{\"hi\":1}", 0, "n", null, "ann"), "1.2");
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() == 1);
        assertEquals(
                "{\"name\":\"client_event\",\"channel\":\"presence-room\",\"event\":\"client-wave\","
                        + "\"data\":\"{\\\"hi\\\":1}\",\"socket_id\":\"1.2\",\"user_id\":\"ann\"}",
                events().get(0).toString());
    }

    @Test
    void cacheMissesOfOneChannelComeOncePerWindow() {
        Webhooks w = webhooks(WebhookSettings.EVENTS, 100, 100, Duration.ZERO);
        w.cacheMiss("cache-a");
        w.cacheMiss("cache-a"); // a second subscriber at once: no second webhook
        w.cacheMiss("cache-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() == 2);
        assertEquals(
                List.of(
                        "{\"name\":\"cache_miss\",\"channel\":\"cache-a\"}",
                        "{\"name\":\"cache_miss\",\"channel\":\"cache-b\"}"),
                events().stream().map(JsonObject::toString).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> w.healthJson().startsWith("{\"sent\":2,"));
    }

    @Test
    void aFailedRequestIsRetriedUntilTheReceiverTakesIt() {
        failFirst.set(1);
        Webhooks w = webhooks(WebhookSettings.EVENTS, 100, 100, Duration.ofMinutes(1));
        w.occupied("news");
        await().atMost(Duration.ofSeconds(30)).until(() -> w.healthJson().startsWith("{\"sent\":1,\"failed\":0"));
        assertEquals(2, received.size(), "the first answer was 500, the retry 200");
        assertEquals(received.get(0).body(), received.get(1).body(), "the same batch again");
    }

    @Test
    void aBatchIsGivenUpAndCountedAfterRetryFor() {
        failFirst.set(Integer.MAX_VALUE);
        Webhooks w = webhooks(WebhookSettings.EVENTS, 100, 100, Duration.ZERO);
        w.occupied("news");
        w.vacated("news");
        await().atMost(Duration.ofSeconds(30)).until(() -> w.healthJson().startsWith("{\"sent\":0,\"failed\":2"));
    }

    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        holding = true;
        Webhooks w = webhooks(WebhookSettings.EVENTS, 1, 2, Duration.ZERO);
        w.occupied("first");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1); // in flight, held
        for (int i = 0; i < 5; i++) {
            w.occupied("more-" + i);
        }
        assertEquals("{\"sent\":0,\"failed\":0,\"dropped\":3,\"pending\":2}", w.healthJson());
        hold.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> w.healthJson().startsWith("{\"sent\":3,"));
        assertEquals(
                List.of("first", "more-0", "more-1"),
                events().stream().map(e -> e.getString("channel")).toList());
    }
}
