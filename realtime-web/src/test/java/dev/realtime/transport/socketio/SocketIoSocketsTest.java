package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements the server asks for, through the public {@link SocketIoSockets} and a polling
 * session with a real {@link RealtimeManager}: the EVENT carries a fresh id, the client's ACK on
 * the socket's namespace answers it, and the sweep, the socket's disconnect or the session's close
 * fail it.
 */
class SocketIoSocketsTest {
    private final RealtimeNode node = SocketIoSessionTest.node();
    private final SocketIoRegistry sessions = new SocketIoRegistry();
    private final SocketIoSockets api = new SocketIoSockets();
    private final EngineSession engine = new EngineSession(
            "sid",
            null,
            SocketIoSessionTest.SETTINGS,
            new OutboundLimits(100, OutboundPolicy.CLOSE),
            128,
            EngineSession.Transport.POLLING,
            null,
            s -> {},
            0);

    {
        sessions.node = node;
        api.sessions = sessions;
        api.node = node;
        engine.listen(new SocketIoSession(node, new EchoEvents(node, null), sessions.socketIndex(), Runnable::run));
    }

    private List<String> sent() {
        return SocketIoSessionTest.sent(engine);
    }

    private void receive(String engineMessage) {
        SocketIoSessionTest.receive(engine, engineMessage);
    }

    /** Connects a socket on {@code namespace} and returns its id. */
    private String connect(String namespace) {
        receive(namespace.equals("/") ? "40" : "40" + namespace + ",");
        String connected = sent().get(0);
        return Json.createReader(new java.io.StringReader(connected.substring(connected.indexOf('{'))))
                .readObject()
                .getString("sid");
    }

    private static SocketIoAckException.Reason failure(CompletableFuture<JsonArray> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return ((SocketIoAckException) e.getCause()).reason();
    }

    @Test
    void theClientsAckAnswersTheEmit() {
        String id = connect("/");
        assertTrue(api.isConnected(id));
        CompletableFuture<JsonArray> answer = api.emitWithAck(
                        id, "confirm", Duration.ofSeconds(5), "order", 42, new RawJson("{\"a\":[1]}"))
                .toCompletableFuture();
        assertEquals(List.of("420[\"confirm\",\"order\",42,{\"a\":[1]}]"), sent());
        CompletableFuture<JsonArray> second =
                api.emitWithAck(id, "confirm", Duration.ofSeconds(5)).toCompletableFuture();
        assertEquals(List.of("421[\"confirm\"]"), sent(), "a fresh id, no arguments");

        receive("431[\"second\"]\u001e430[{\"ok\":true},\"fine\"]\u001e430[\"duplicate\"]");
        assertEquals(
                Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("ok", true))
                        .add("fine")
                        .build(),
                answer.join());
        assertEquals(Json.createArrayBuilder().add("second").build(), second.join());
        assertEquals(List.of(), sent(), "the server answers no ACK");
    }

    @Test
    void anotherNamespacesSocketGetsTheEventOnItsNamespace() {
        connect("/");
        String admin = connect("/admin");
        CompletableFuture<JsonArray> answer =
                api.emitWithAck(admin, "ask", Duration.ofSeconds(5), "x").toCompletableFuture();
        assertEquals(List.of("42/admin,0[\"ask\",\"x\"]"), sent());
        receive("430[\"wrong namespace\"]");
        assertFalse(answer.isDone(), "an ACK of the root namespace's socket does not answer it");
        receive("43/admin,0[\"right\"]");
        assertEquals("right", answer.join().getString(0));
    }

    @Test
    void theSweepFailsAnAckThatIsLate() {
        String id = connect("/");
        long before = System.nanoTime();
        CompletableFuture<JsonArray> answer =
                api.emitWithAck(id, "ask", Duration.ofSeconds(3)).toCompletableFuture();
        long after = System.nanoTime();
        engine.checkTimers(before + Duration.ofSeconds(2).toNanos());
        assertFalse(answer.isDone());
        engine.checkTimers(after + Duration.ofSeconds(3).toNanos() + 1);
        assertEquals(SocketIoAckException.Reason.TIMEOUT, failure(answer));
        receive("430[\"too late\"]");
        assertTrue(engine.isClosed() == false, "a late ACK is ignored, not a protocol error");
    }

    @Test
    void closingTheSessionOrTheSocketFailsWhatItOwes() {
        String root = connect("/");
        String admin = connect("/admin");
        CompletableFuture<JsonArray> onAdmin =
                api.emitWithAck(admin, "ask", Duration.ofMinutes(5)).toCompletableFuture();
        receive("41/admin,");
        assertEquals(SocketIoAckException.Reason.DISCONNECTED, failure(onAdmin));
        assertFalse(api.isConnected(admin));

        CompletableFuture<JsonArray> onRoot =
                api.emitWithAck(root, "ask", Duration.ofMinutes(5)).toCompletableFuture();
        engine.close("ping timeout");
        assertEquals(SocketIoAckException.Reason.DISCONNECTED, failure(onRoot));
        assertEquals(Map.of(), sessions.socketIndex(), "no socket left in the index");
        assertEquals(
                SocketIoAckException.Reason.UNKNOWN_SOCKET,
                failure(api.emitWithAck(root, "ask", Duration.ofSeconds(1)).toCompletableFuture()));
    }

    @Test
    void aSessionWaitsForAtMostPendingAcksAcknowledgementsOverAllItsNamespaces() {
        String root = connect("/");
        String admin = connect("/admin");
        int limit = node.settings().socketIo().pendingAcks();
        for (int i = 0; i < limit; i++) {
            api.emitWithAck(i % 2 == 0 ? root : admin, "ask", Duration.ofMinutes(5));
        }
        sent();
        CompletableFuture<JsonArray> over =
                api.emitWithAck(admin, "ask", Duration.ofMinutes(5)).toCompletableFuture();
        assertEquals(SocketIoAckException.Reason.TOO_MANY_PENDING, failure(over));
        assertEquals(List.of(), sent(), "the refused one is not sent");

        receive("430[\"answer\"]");
        CompletableFuture<JsonArray> again =
                api.emitWithAck(root, "ask", Duration.ofMinutes(5)).toCompletableFuture();
        assertFalse(again.isDone(), "an answer gives its permit back");
        receive("41/admin,");
        for (int i = 0; i < limit / 2; i++) {
            assertFalse(
                    api.emitWithAck(root, "ask", Duration.ofMinutes(5))
                            .toCompletableFuture()
                            .isDone(),
                    "a closed namespace gives its permits back");
        }
    }

    @Test
    void anUnknownSocketFailsAtOnce() {
        assertEquals(
                SocketIoAckException.Reason.UNKNOWN_SOCKET,
                failure(api.emitWithAck("1.2", "ask", Duration.ofSeconds(1)).toCompletableFuture()));
        assertFalse(api.isConnected("1.2"));
    }

    @Test
    void programmingErrorsAreThrown() {
        String id = connect("/");
        assertThrows(IllegalArgumentException.class, () -> api.emitWithAck(id, "connect", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> api.emitWithAck(id, "", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> api.emitWithAck(id, "ask", Duration.ZERO));
        RealtimeException tooLarge = assertThrows(
                RealtimeException.class, () -> api.emitWithAck(id, "ask", Duration.ofSeconds(1), "x".repeat(20_000)));
        assertEquals("payload_too_large", tooLarge.code());
        assertEquals(List.of(), sent(), "nothing was sent");
    }
}
