package dev.realtime.transport.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Disconnect;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LongPollConnectionTest {
    private static final String CHANNEL = "news";
    private static final int BUFFER = 3;

    private RealtimeNode node;
    private LongPollConnection client;

    static RealtimeNode node(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(Map.of("realtime.node.id", "test-node", "realtime.app.secret", "s"));
        all.putAll(config);
        return new RealtimeNode(RealtimeSettings.from(key -> Optional.ofNullable(all.get(key))), new NoneBroker());
    }

    @BeforeEach
    void setUp() {
        node = node(Map.of("realtime.longpoll.buffer", String.valueOf(BUFFER)));
        client = new LongPollConnection(node, "ann");
        client.registration().subscribe(CHANNEL);
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** The JSON body of an answer, after checking it is a 200 application/json response. */
    private static JsonObject body(Response response) {
        assertEquals(200, response.getStatus());
        assertTrue(
                MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType()),
                response.getMediaType()::toString);
        JsonObject body = parse((String) response.getEntity()).asJsonObject();
        assertEquals(List.of("client", "cursor", "missed", "messages"), List.copyOf(body.keySet()));
        return body;
    }

    private JsonObject answer(RecordingAsyncResponse response) {
        JsonObject body = body(response.response());
        assertEquals(client.id(), body.getString("client"));
        return body;
    }

    private static long cursor(JsonObject body) {
        return body.getJsonNumber("cursor").longValueExact();
    }

    private static long missed(JsonObject body) {
        return body.getJsonNumber("missed").longValueExact();
    }

    private static List<String> ids(JsonObject body) {
        return body.getJsonArray("messages").stream()
                .map(v -> v.asJsonObject().getString("id"))
                .toList();
    }

    private static List<String> ids(Message... messages) {
        return java.util.Arrays.stream(messages).map(Message::id).toList();
    }

    private Message send(int n) {
        return node.broadcast(CHANNEL, "tick", new RawJson("{\"n\":" + n + "}"));
    }

    private RecordingAsyncResponse poll(long cursor) {
        RecordingAsyncResponse response = new RecordingAsyncResponse();
        assertTrue(client.poll(cursor, response), () -> "cursor " + cursor + " refused");
        return response;
    }

    private void assertEmptyAnswer(RecordingAsyncResponse response, long cursor) {
        JsonObject body = answer(response);
        assertEquals(cursor, cursor(body));
        assertEquals(0, missed(body));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, body.getJsonArray("messages"));
    }

    // ---- FORMAT ----

    @Test
    void answerMessagesAreInTheFormat() {
        Message m = node.broadcast(CHANNEL, "hello", "wörld \"quoted\"\n");

        JsonObject body = answer(poll(0));

        JsonObject message = body.getJsonArray("messages").getJsonObject(0);
        assertEquals(parse(LongPollWireFormat.INSTANCE.encode(m)), message);
        assertEquals(m.id(), message.getString("id"));
        assertEquals(CHANNEL, message.getString("channel"));
        assertEquals("hello", message.getString("event"));
        assertEquals("wörld \"quoted\"\n", message.getString("data"));
        assertEquals(m.timestamp(), message.getJsonNumber("timestamp").longValueExact());
    }

    // ---- identity ----

    @Test
    void identity() {
        assertEquals("longpolling", client.transport());
        assertEquals(LongPollConnection.TRANSPORT, client.transport());
        assertEquals("ann", client.userId());
        assertEquals(client.id(), client.registration().connection().id());
        assertNull(new LongPollConnection(node, null).userId());
    }

    @Test
    void emptyFor() {
        JsonObject body = body(client.emptyFor(7));

        assertEquals(client.id(), body.getString("client"));
        assertEquals(7, cursor(body));
        assertEquals(0, missed(body));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, body.getJsonArray("messages"));
    }

    // ---- polling ----

    @Test
    void bufferedMessagesAreAnsweredAtOnceInOrder() {
        Message m1 = send(1);
        Message m2 = send(2);
        Message m3 = send(3);

        RecordingAsyncResponse response = poll(0);

        JsonObject body = answer(response);
        assertEquals(3, cursor(body));
        assertEquals(0, missed(body));
        assertEquals(ids(m1, m2, m3), ids(body));
        JsonArray messages = body.getJsonArray("messages");
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, messages.getJsonObject(i).getJsonObject("data").getInt("n"));
        }
    }

    @Test
    void pollWithoutMessagesParksUntilTheNextBroadcast() {
        RecordingAsyncResponse response = poll(0);
        assertFalse(response.answered());

        Message m1 = send(1);

        JsonObject body = answer(response);
        assertEquals(1, cursor(body));
        assertEquals(0, missed(body));
        assertEquals(ids(m1), ids(body));

        Message m2 = send(2);
        assertEquals(1, response.resumes.get(), "an answered request is not resumed again");
        JsonObject next = answer(poll(1));
        assertEquals(ids(m2), ids(next));
        assertEquals(2, cursor(next));
    }

    @Test
    void messagesOnOtherChannelsOrExcludingTheClientAreNotDelivered() {
        RecordingAsyncResponse response = poll(0);

        node.broadcast("other", "tick", 1);
        node.broadcast(CHANNEL, "tick", 2, client.id());
        assertFalse(response.answered());

        Message m = send(3);
        JsonObject body = answer(response);
        assertEquals(ids(m), ids(body));
        assertEquals(1, cursor(body));
    }

    @Test
    void secondPollSupersedesTheWaitingOne() {
        RecordingAsyncResponse first = poll(0);
        RecordingAsyncResponse second = poll(0);

        assertEmptyAnswer(first, 0);
        assertFalse(second.answered());

        Message m1 = send(1);
        assertEquals(ids(m1), ids(answer(second)));
        assertEquals(1, first.resumes.get());
    }

    @Test
    void supersededPollIsAnsweredWithItsOwnCursor() {
        send(1);
        send(2);
        answer(poll(0));
        RecordingAsyncResponse first = poll(2); // acknowledges 1 and 2, waits
        RecordingAsyncResponse second = poll(1); // an older cursor, still valid
        assertEmptyAnswer(first, 2);
        assertFalse(second.answered());

        RecordingAsyncResponse third = poll(2);
        assertEmptyAnswer(second, 1);
        assertFalse(third.answered());

        Message m3 = send(3);
        JsonObject body = answer(third);
        assertEquals(ids(m3), ids(body));
        assertEquals(3, cursor(body));
        assertEquals(0, missed(body));
        assertEquals(1, first.resumes.get());
        assertEquals(1, second.resumes.get());
    }

    @Test
    void cursorAcknowledgesEarlierMessages() {
        Message m1 = send(1);
        Message m2 = send(2);
        Message m3 = send(3);

        assertEquals(ids(m1, m2, m3), ids(answer(poll(0))));
        // the answer was lost: the same cursor gets the same messages again
        JsonObject again = answer(poll(0));
        assertEquals(ids(m1, m2, m3), ids(again));
        assertEquals(3, cursor(again));
        assertEquals(0, missed(again));

        JsonObject rest = answer(poll(2));
        assertEquals(ids(m3), ids(rest));
        assertEquals(3, cursor(rest));
        assertEquals(0, missed(rest));
        // and again with that cursor
        assertEquals(ids(m3), ids(answer(poll(2))));

        RecordingAsyncResponse waiting = poll(3);
        assertFalse(waiting.answered(), "everything acknowledged: the poll waits");
        Message m4 = send(4);
        JsonObject next = answer(waiting);
        assertEquals(ids(m4), ids(next));
        assertEquals(4, cursor(next));
        assertEquals(0, missed(next));
    }

    @Test
    void acknowledgedMessagesAreNotSentAgain() {
        send(1);
        send(2);
        Message m3 = send(3);
        answer(poll(0));

        answer(poll(2)); // acknowledges 1 and 2
        JsonObject old = answer(poll(1));

        assertEquals(ids(m3), ids(old));
        assertEquals(3, cursor(old));
    }

    @Test
    void cursorAheadOfTheLastMessageIsRefused() {
        RecordingAsyncResponse response = new RecordingAsyncResponse();
        assertFalse(client.poll(1, response));
        assertFalse(client.poll(-1, response));
        assertFalse(response.answered());

        send(1);
        send(2);
        assertFalse(client.poll(3, response));
        assertFalse(client.poll(Long.MAX_VALUE, response));
        assertFalse(client.poll(Long.MIN_VALUE, response));
        assertFalse(response.answered());

        RecordingAsyncResponse ok = poll(2);
        assertFalse(ok.answered());
        assertFalse(client.poll(3, response), "still ahead after acknowledging everything");
        assertFalse(ok.answered(), "a refused poll does not supersede the waiting one");
    }

    @Test
    void overflowDropsTheOldestAndCountsTheGap() {
        send(1);
        send(2);
        Message m3 = send(3);
        Message m4 = send(4);
        Message m5 = send(5);

        JsonObject body = answer(poll(0));

        assertEquals(ids(m3, m4, m5), ids(body));
        assertEquals(5, cursor(body));
        assertEquals(2, missed(body));

        Message m6 = send(6);
        JsonObject next = answer(poll(5));
        assertEquals(ids(m6), ids(next));
        assertEquals(6, cursor(next));
        assertEquals(0, missed(next));
    }

    @Test
    void theBufferIsBoundedInBytesAndTheOldestGoFirst() {
        node = node(Map.of("realtime.longpoll.buffer", "1000", "realtime.limits.outbound-bytes", "3000"));
        client = new LongPollConnection(node, "ann");
        client.registration().subscribe(CHANNEL);
        String filler = "x".repeat(500); // about 1.2 KB kept per message: two fit in 3000 bytes
        Message last = null;
        for (int n = 1; n <= 10; n++) {
            last = node.broadcast(CHANNEL, "big", filler + n);
        }
        assertTrue(
                node.outbound().nodeHeld() <= 3000,
                "the node holds " + node.outbound().nodeHeld());

        JsonObject body = answer(poll(0));
        assertEquals(10, cursor(body));
        List<String> kept = ids(body);
        assertEquals(last.id(), kept.get(kept.size() - 1), "the newest message is kept");
        assertEquals(10 - kept.size(), missed(body), "every message that did not fit is counted");
        assertTrue(kept.size() < 10);

        poll(10); // parks: nothing after 10
        assertEquals(0, node.outbound().nodeHeld(), "acknowledged messages give their bytes back");
    }

    @Test
    void aMessageLargerThanTheWholeBudgetIsReportedMissed() {
        node = node(Map.of("realtime.limits.outbound-bytes", "100"));
        client = new LongPollConnection(node, "ann");
        client.registration().subscribe(CHANNEL);
        node.broadcast(CHANNEL, "big", "y".repeat(200));
        JsonObject body = answer(poll(0));
        assertEquals(1, cursor(body));
        assertEquals(1, missed(body));
        assertEquals(List.of(), ids(body));
    }

    @Test
    void disconnectGivesTheBufferedBytesBackToTheNode() {
        send(1);
        send(2);
        assertTrue(node.outbound().nodeHeld() > 0);
        client.disconnect(Disconnect.SHUTDOWN, "bye");
        assertEquals(0, node.outbound().nodeHeld());
    }

    @Test
    void overflowOfUnacknowledgedMessages() {
        send(1);
        Message m2 = send(2);
        Message m3 = send(3);
        answer(poll(0)); // 1..3 sent but not acknowledged

        Message m4 = send(4); // drops 1

        JsonObject body = answer(poll(0));
        assertEquals(ids(m2, m3, m4), ids(body));
        assertEquals(4, cursor(body));
        assertEquals(1, missed(body));

        JsonObject acknowledged = answer(poll(1));
        assertEquals(ids(m2, m3, m4), ids(acknowledged));
        assertEquals(0, missed(acknowledged));
    }

    @Test
    void overflowWithABufferOfOne() {
        node = node(Map.of("realtime.longpoll.buffer", "1"));
        client = new LongPollConnection(node, null);
        client.registration().subscribe(CHANNEL);
        for (int i = 1; i <= 10; i++) {
            send(i);
        }
        Message last = send(11);

        JsonObject body = answer(poll(0));

        assertEquals(ids(last), ids(body));
        assertEquals(11, cursor(body));
        assertEquals(10, missed(body));
    }

    @Test
    void timedOutAnswersTheWaitingRequestEmpty() {
        send(1);
        answer(poll(0));
        RecordingAsyncResponse waiting = poll(1);

        client.timedOut(waiting);

        assertEmptyAnswer(waiting, 1);
        Message m2 = send(2);
        assertEquals(1, waiting.resumes.get(), "a timed-out request is not resumed again");
        JsonObject next = answer(poll(1));
        assertEquals(ids(m2), ids(next), "the message stays buffered for the next poll");
    }

    @Test
    void timedOutIgnoresARequestThatIsNotWaiting() {
        RecordingAsyncResponse stranger = new RecordingAsyncResponse();
        client.timedOut(stranger);
        assertFalse(stranger.answered());

        RecordingAsyncResponse first = poll(0);
        RecordingAsyncResponse second = poll(0);
        client.timedOut(first); // superseded: already answered, and not the waiting one
        assertEquals(1, first.resumes.get());
        assertFalse(second.answered(), "the waiting request stays parked");

        Message m1 = send(1);
        client.timedOut(second); // already answered by the broadcast
        assertEquals(ids(m1), ids(answer(second)));
    }

    @Test
    void expired() {
        long hour = TimeUnit.HOURS.toNanos(1);
        long start = System.nanoTime();
        assertFalse(client.expired(start, hour));
        assertTrue(client.expired(start + 2 * hour, hour));

        RecordingAsyncResponse waiting = poll(0);
        assertFalse(client.expired(start + 2 * hour, hour), "a client with a waiting request never expires");
        client.timedOut(waiting);
        assertTrue(client.expired(start + 2 * hour, hour));
    }

    @Test
    void pollingKeepsTheClientAlive() {
        long expiry = TimeUnit.HOURS.toNanos(1);
        long before = System.nanoTime(); // after the client was created
        long later = before;
        while (later == before) {
            later = System.nanoTime(); // any later moment; no waiting for a wall-clock duration
        }
        assertTrue(client.expired(before + expiry + 1, expiry));

        send(1);
        answer(poll(0)); // answered at once: not waiting

        assertFalse(client.expired(before + expiry + 1, expiry));
    }

    @Test
    void disconnectAnswersTheWaitingRequestAndUnregisters() {
        send(1);
        answer(poll(0));
        RecordingAsyncResponse waiting = poll(1);
        assertEquals(1, node.channel(CHANNEL).getSubscriberCount());
        assertEquals(1, node.getConnectionCount());

        client.disconnect(Disconnect.CLIENT, "Closed by the client");

        assertEmptyAnswer(waiting, 1);
        assertEquals(0, node.channel(CHANNEL).getSubscriberCount());
        assertEquals(0, node.getConnectionCount());
        assertTrue(node.getUserConnections("ann").isEmpty());
        assertFalse(client.registration().isSubscribed(CHANNEL));

        send(2);
        assertEquals(1, waiting.resumes.get());
        client.disconnect(Disconnect.CLIENT, "again"); // idempotent
        assertEquals(1, waiting.resumes.get());
    }

    @Test
    void disconnectWithoutAWaitingRequest() {
        assertEquals(1, node.getConnectionCount());

        client.disconnect(Disconnect.TIMEOUT, "No poll within the client expiry");

        assertEquals(0, node.channel(CHANNEL).getSubscriberCount());
        assertEquals(0, node.getConnectionCount());
    }
}
