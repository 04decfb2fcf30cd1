package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSE transport on the real EAR, read as raw {@code text/event-stream} lines. */
class SseIT extends RealtimeIT {

    /**
     * A stream on a client of its own: a stream the test closes must not leave its connection in
     * the pool that the test's publish requests use (Payara's Grizzly closes it, and the next
     * request on it would read EOF).
     */
    SseClient open(String channels, Map<String, String> headers) throws Exception {
        return SseClient.open(
                java.net.http.HttpClient.newHttpClient(),
                server.base.resolve("realtime/sse?channels=" + channels),
                headers);
    }

    @Test
    void streamReceivesEventBroadcastByAnEjb() throws Exception {
        try (SseClient sse = open("sse-news,sse-other", Map.of())) {
            assertEquals(200, sse.status());
            assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
            JsonObject connected = Server.json(sse.await("realtime:connected").data());
            assertEquals(
                    List.of("sse-news", "sse-other"),
                    connected.getJsonArray("channels").getValuesAs(jakarta.json.JsonString::getString));

            String id = server.publish("sse-news", "article.published", "{\"title\":\"Hello\"}");

            SseClient.Event event = sse.await("article.published");
            assertEquals(id, event.id());
            JsonObject body = Server.json(event.data());
            assertEquals("sse-news", body.getString("channel"));
            assertEquals("article.published", body.getString("event"));
            assertEquals(Server.json("{\"title\":\"Hello\"}"), body.getJsonObject("data"));
        }
    }

    @Test
    void payloadWithLineBreaksStaysOneDataLine() throws Exception {
        try (SseClient sse = open("sse-lines", Map.of())) {
            sse.await("realtime:connected");
            server.publish("sse-lines", "multi", "{\"text\":\"a\\nb\"}");
            JsonObject body = Server.json(sse.await("multi").data());
            assertEquals("a\nb", body.getJsonObject("data").getString("text"));
        }
    }

    @Test
    void lastEventIdResumesWithoutGapsOrDuplicates() throws Exception {
        String first;
        try (SseClient sse = open("sse-resume", Map.of())) {
            sse.await("realtime:connected");
            first = server.publish("sse-resume", "n", "1");
            assertEquals(first, sse.await("n").id());
        }
        String second = server.publish("sse-resume", "n", "2");
        String third = server.publish("sse-resume", "n", "3");
        server.publish("sse-elsewhere", "n", "99");

        try (SseClient sse = open("sse-resume", Map.of("Last-Event-ID", first))) {
            JsonObject connected = Server.json(sse.await("realtime:connected").data());
            assertTrue(connected.getBoolean("resumed"));
            assertEquals(second, sse.await("n").id());
            assertEquals(third, sse.await("n").id());
            String fourth = server.publish("sse-resume", "n", "4");
            assertEquals(fourth, sse.await("n").id());
            List<String> ids = sse.received().stream()
                    .filter(e -> e.name().equals("n"))
                    .map(SseClient.Event::id)
                    .toList();
            assertEquals(List.of(second, third, fourth), ids);
        }
    }

    @Test
    void unknownLastEventIdSaysNotResumed() throws Exception {
        try (SseClient sse = open("sse-unknown", Map.of("Last-Event-ID", "no-such-id"))) {
            JsonObject connected = Server.json(sse.await("realtime:connected").data());
            assertFalse(connected.getBoolean("resumed"));
        }
    }

    @Test
    void badRequestsGetJsonErrorsNotEmptyStreams() {
        HttpResponse<String> privateChannel = server.get("realtime/sse?channels=sse-ok,private-secret");
        assertEquals(403, privateChannel.statusCode());
        assertEquals("forbidden", Server.json(privateChannel.body()).getString("error"));

        HttpResponse<String> badName = server.get("realtime/sse?channels=bad%20name");
        assertEquals(400, badName.statusCode());
        assertEquals("invalid_channel", Server.json(badName.body()).getString("error"));

        HttpResponse<String> none = server.get("realtime/sse");
        assertEquals(400, none.statusCode());
        assertEquals("missing_channels", Server.json(none.body()).getString("error"));
        assertEquals(0, server.subscribers("sse-ok"));
    }

    @Test
    void subscriberCountFollowsTheStream() throws Exception {
        try (SseClient sse = open("sse-count", Map.of())) {
            sse.await("realtime:connected");
            assertEquals(1, server.subscribers("sse-count"));
        }
        // the server notices the closed stream on its next write: publish until it does
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    server.publish("sse-count", "probe", "0");
                    return server.subscribers("sse-count") == 0;
                });
    }
}
