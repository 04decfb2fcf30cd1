package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The bookkeeping of the acknowledgements the server asked a socket for. */
class PendingAcksTest {
    private final List<Runnable> completions = new ArrayList<>();
    /** Completions run only when the test says so: proves they happen on the executor. */
    private final PendingAcks acks = new PendingAcks(completions::add, new java.util.concurrent.Semaphore(100));

    private void runCompletions() {
        completions.forEach(Runnable::run);
        completions.clear();
    }

    private static SocketIoAckException.Reason failure(CompletableFuture<JsonArray> future) {
        assertTrue(future.isCompletedExceptionally(), "failed");
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return ((SocketIoAckException) e.getCause()).reason();
        }
    }

    @Test
    void theClientsAckCompletesItsIdOnce() {
        CompletableFuture<JsonArray> first = new CompletableFuture<>();
        CompletableFuture<JsonArray> second = new CompletableFuture<>();
        long a = acks.add(first, 100);
        long b = acks.add(second, 100);
        assertNotEquals(a, b, "fresh ids");
        JsonArray answer = Json.createArrayBuilder().add("yes").add(2).build();
        assertTrue(acks.complete(b, answer));
        assertFalse(second.isDone(), "completed on the executor, not the transport's thread");
        runCompletions();
        assertEquals(answer, second.join());
        assertFalse(first.isDone());
        assertFalse(acks.complete(b, Json.createArrayBuilder().add("again").build()), "a duplicate ACK is ignored");
        runCompletions();
        assertEquals(answer, second.join(), "the first answer stands");
        assertEquals(1, acks.size());
    }

    @Test
    void anAckForAnIdNobodyWaitsForIsIgnored() {
        CompletableFuture<JsonArray> waiting = new CompletableFuture<>();
        long id = acks.add(waiting, 100);
        assertFalse(acks.complete(id + 1000, JsonArray.EMPTY_JSON_ARRAY));
        runCompletions();
        assertFalse(waiting.isDone());
        assertEquals(1, acks.size());
    }

    @Test
    void aLateAckTimesOutAndItsAnswerIsIgnored() {
        CompletableFuture<JsonArray> early = new CompletableFuture<>();
        CompletableFuture<JsonArray> late = new CompletableFuture<>();
        long earlyId = acks.add(early, 1_000);
        acks.add(late, 5_000);
        acks.expire(1_000);
        runCompletions();
        assertFalse(early.isDone(), "not before its deadline");
        acks.expire(1_001);
        runCompletions();
        assertEquals(SocketIoAckException.Reason.TIMEOUT, failure(early));
        assertFalse(late.isDone());
        assertFalse(acks.complete(earlyId, JsonArray.EMPTY_JSON_ARRAY), "the answer after the timeout");
        assertEquals(1, acks.size());
    }

    @Test
    void deadlinesSurviveTheNanoTimeWrapping() {
        CompletableFuture<JsonArray> future = new CompletableFuture<>();
        acks.add(future, Long.MIN_VALUE + 10); // Long.MAX_VALUE - 5 plus 16 ns
        acks.expire(Long.MAX_VALUE - 5);
        runCompletions();
        assertFalse(future.isDone());
        acks.expire(Long.MIN_VALUE + 11);
        runCompletions();
        assertEquals(SocketIoAckException.Reason.TIMEOUT, failure(future));
    }

    @Test
    void closingFailsEveryWaitingAckAndLaterOnes() {
        CompletableFuture<JsonArray> a = new CompletableFuture<>();
        CompletableFuture<JsonArray> b = new CompletableFuture<>();
        acks.add(a, 100);
        long bId = acks.add(b, 200);
        acks.close();
        runCompletions();
        assertEquals(SocketIoAckException.Reason.DISCONNECTED, failure(a));
        assertEquals(SocketIoAckException.Reason.DISCONNECTED, failure(b));
        assertEquals(0, acks.size(), "nothing leaks");
        assertFalse(acks.complete(bId, JsonArray.EMPTY_JSON_ARRAY));

        CompletableFuture<JsonArray> after = new CompletableFuture<>();
        assertNull(acks.add(after, 300), "no id once closed");
        runCompletions();
        assertEquals(SocketIoAckException.Reason.DISCONNECTED, failure(after));
        assertEquals(0, acks.size());
    }
}
