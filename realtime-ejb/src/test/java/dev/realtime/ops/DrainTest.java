package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> log = new ArrayList<>();

    /** A drain on the test's clock: the grace "pause" advances the clock and is logged. */
    private Drain drain(long graceMs, long timeoutMs) {
        return new Drain(Duration.ofMillis(graceMs), Duration.ofMillis(timeoutMs), now::get, d -> {
            log.add("grace " + d.toMillis() + " draining");
            now.addAndGet(d.toNanos());
        });
    }

    private Drain.Step step(String name, long takesMs) {
        return budget -> {
            log.add(name + " " + budget.toMillis());
            now.addAndGet(Duration.ofMillis(takesMs).toNanos());
        };
    }

    @Test
    void stagesRunInOrderWhateverTheOrderTheyWereAddedInAndShareOneBudget() {
        Drain drain = drain(300, 1000);
        drain.add(Drain.Stage.PUBLISHING, "broker", step("broker", 100));
        drain.add(Drain.Stage.CONSUMERS, "consumer", step("consumer", 250));
        drain.add(Drain.Stage.CLIENTS, "websocket", step("websocket", 50));
        drain.add(Drain.Stage.PUBLISHING, "webhooks", step("webhooks", 0));
        drain.add(Drain.Stage.CLIENTS, "sse", step("sse", 0));

        assertFalse(drain.draining());
        drain.begin();
        assertTrue(drain.draining());
        assertEquals(List.of("grace 300 draining", "websocket 1000", "sse 950"), log);

        drain.finish();
        assertEquals(
                List.of(
                        "grace 300 draining",
                        "websocket 1000",
                        "sse 950",
                        "consumer 950",
                        "broker 700",
                        "webhooks 600"),
                log);
    }

    @Test
    void stepsPastTheDeadlineStillRunWithNothingLeftAndAFailingStepDoesNotStopTheOthers() {
        Drain drain = drain(0, 500);
        drain.add(Drain.Stage.CLIENTS, "slow", step("slow", 800));
        drain.add(Drain.Stage.CONSUMERS, "failing", budget -> {
            log.add("failing " + budget.toMillis());
            throw new IllegalStateException("job repository gone");
        });
        drain.add(Drain.Stage.PUBLISHING, "broker", step("broker", 0));

        drain.finish();

        assertEquals(List.of("slow 500", "failing 0", "broker 0"), log);
        assertEquals(Duration.ZERO, drain.remaining());
    }

    @Test
    void finishWithoutBeginSkipsTheGraceButSignalsTheClientsFirst() {
        Drain drain = drain(300, 1000);
        drain.add(Drain.Stage.PUBLISHING, "broker", step("broker", 0));
        drain.add(Drain.Stage.CLIENTS, "websocket", step("websocket", 0));

        drain.finish();

        assertTrue(drain.draining());
        assertEquals(List.of("websocket 1000", "broker 1000"), log);
    }

    @Test
    void eachStageRunsOnce() {
        Drain drain = drain(10, 1000);
        drain.add(Drain.Stage.CLIENTS, "websocket", step("websocket", 0));
        drain.add(Drain.Stage.PUBLISHING, "broker", step("broker", 0));

        drain.begin();
        drain.begin();
        drain.finish();
        drain.finish();
        drain.begin();

        assertEquals(List.of("grace 10 draining", "websocket 1000", "broker 1000"), log);
    }

    @Test
    void aResumeDuringTheGraceAdmitsAgainAndTellsNoClient() {
        List<Drain> holder = new ArrayList<>();
        Drain drain = new Drain(Duration.ofMillis(100), Duration.ofMillis(1000), now::get, d -> {
            log.add("grace, draining " + holder.get(0).draining());
            holder.get(0).resume();
        });
        holder.add(drain);
        drain.add(Drain.Stage.CLIENTS, "websocket", step("websocket", 0));

        drain.begin();

        assertFalse(drain.draining());
        assertEquals(List.of("grace, draining true"), log);
    }

    @Test
    void aResumeAfterTheClientsWereToldAdmitsAgainAndTheNextSuspendDrainsAgain() {
        Drain drain = drain(0, 1000);
        drain.add(Drain.Stage.CLIENTS, "websocket", step("websocket", 0));
        drain.begin();
        drain.resume();
        assertFalse(drain.draining());
        drain.begin();
        assertTrue(drain.draining());
        drain.finish();
        drain.resume();
        assertTrue(drain.draining(), "finished: the node is stopping");
        assertEquals(List.of("grace 0 draining", "websocket 1000", "grace 0 draining", "websocket 1000"), log);
    }

    @Test
    void aRemovedStepDoesNotRun() {
        Drain drain = drain(0, 1000);
        drain.add(Drain.Stage.CONSUMERS, "consumer", step("consumer", 0));
        drain.remove("consumer");
        drain.finish();
        assertEquals(List.of(), log);
    }
}
