package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final long MS = 1_000_000L;

    @Test
    void pingsAnIntervalAfterTheLastPongAndTimesOutWhenTheAnswerIsLate() {
        Heartbeat h = new Heartbeat(Duration.ofMillis(1000), Duration.ofMillis(2000), 0);
        assertEquals(Heartbeat.Due.NOTHING, h.check(999 * MS));
        assertEquals(Heartbeat.Due.PING, h.check(1000 * MS));
        assertEquals(Heartbeat.Due.NOTHING, h.check(1001 * MS), "one ping at a time");
        assertEquals(Heartbeat.Due.NOTHING, h.check(3000 * MS));
        assertEquals(Heartbeat.Due.TIMED_OUT, h.check(3001 * MS));
    }

    @Test
    void aPongSchedulesTheNextPing() {
        Heartbeat h = new Heartbeat(Duration.ofMillis(1000), Duration.ofMillis(2000), 0);
        h.check(1000 * MS);
        h.pong(1500 * MS);
        assertEquals(Heartbeat.Due.NOTHING, h.check(2499 * MS));
        assertEquals(Heartbeat.Due.PING, h.check(2500 * MS));
    }
}
