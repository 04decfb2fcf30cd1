package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.config.SocketIoSettings;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import dev.realtime.transport.io.TextFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session state machine with recording transports and an explicit clock (no waiting). */
class EngineSessionTest {
    private static final long SECOND = 1_000_000_000L;
    private static final SocketIoSettings SETTINGS =
            new SocketIoSettings(Duration.ofSeconds(25), Duration.ofSeconds(20), 1000, Duration.ofSeconds(10));

    private static final OutboundLimits LIMITS = new OutboundLimits(10, OutboundPolicy.CLOSE);
    private final List<String> messages = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    private final List<EngineSession> forgotten = new ArrayList<>();

    private EngineSession polling(int bufferLimit) {
        return polling(new OutboundLimits(bufferLimit, OutboundPolicy.CLOSE));
    }

    private EngineSession polling(OutboundLimits outbound) {
        EngineSession s = new EngineSession(
                "sid1", null, SETTINGS, outbound, 128, EngineSession.Transport.POLLING, null, forgotten::add, 0);
        s.listen(new EngineSession.Listener() {
            @Override
            public void onMessage(EngineSession session, String data) {
                messages.add(data);
            }

            @Override
            public void onClose(EngineSession session, String reason) {
                closes.add(reason);
            }
        });
        return s;
    }

    static final class Reply implements EngineSession.PollReply {
        final List<String> payloads = new ArrayList<>();

        @Override
        public void send(String payload) {
            payloads.add(payload);
        }
    }

    static final class Socket implements EngineSession.Socket {
        final List<String> frames = new ArrayList<>();
        String closed;

        @Override
        public void send(TextFrame frame) {
            frames.add(frame.text());
        }

        @Override
        public void close(String reason) {
            closed = reason;
        }
    }

    @Test
    void openPacketAnnouncesTheSettings() {
        assertEquals(
                "0{\"sid\":\"sid1\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000}",
                polling(10).openPacket());
        EngineSession direct = new EngineSession(
                "s2", null, SETTINGS, LIMITS, 128, EngineSession.Transport.WEBSOCKET, new Socket(), s -> {}, 0);
        assertTrue(direct.openPacket().contains("\"upgrades\":[]"), direct.openPacket());
    }

    @Test
    void packetsWaitForTheNextPollAndAreJoinedWithTheSeparator() {
        EngineSession s = polling(10);
        s.send("40{\"sid\":\"a\"}");
        s.send("42[\"e\",\"c\",1]");
        Reply reply = new Reply();
        assertEquals(EngineSession.PollResult.ANSWERED, s.poll(reply));
        assertEquals(List.of("40{\"sid\":\"a\"}\u001e42[\"e\",\"c\",1]"), reply.payloads);
    }

    @Test
    void anEmptyPollParksUntilAPacketComes() {
        EngineSession s = polling(10);
        Reply reply = new Reply();
        assertEquals(EngineSession.PollResult.PARKED, s.poll(reply));
        assertTrue(reply.payloads.isEmpty());
        s.send("42[\"e\",\"c\",1]");
        assertEquals(List.of("42[\"e\",\"c\",1]"), reply.payloads);
        assertFalse(s.pollTimedOut(reply), "already answered");
    }

    @Test
    void aParkedPollTimesOut() {
        EngineSession s = polling(10);
        Reply reply = new Reply();
        s.poll(reply);
        assertTrue(s.pollTimedOut(reply));
        s.send("2");
        assertTrue(reply.payloads.isEmpty(), "the timed-out reply is not used again");
    }

    @Test
    void overlappingPollsCloseTheSession() {
        EngineSession s = polling(10);
        Reply first = new Reply();
        s.poll(first);
        assertEquals(EngineSession.PollResult.OVERLAP, s.poll(new Reply()));
        assertTrue(s.isClosed());
        assertEquals(List.of("1"), first.payloads, "the parked poll gets the close packet");
        assertEquals(List.of(s), forgotten);
        assertEquals(EngineSession.PollResult.CLOSED, s.poll(new Reply()));
    }

    @Test
    void messagesGoToTheListenerAndClientPingsArePonged() {
        EngineSession s = polling(10);
        s.receive(EnginePacket.decodePayload("40\u001e42[\"x\"]\u001e2"));
        assertEquals(List.of("0", "2[\"x\"]"), messages);
        Reply reply = new Reply();
        s.poll(reply);
        assertEquals(List.of("3"), reply.payloads);
    }

    @Test
    void anOpenPacketFromTheClientIsAProtocolError() {
        EngineSession s = polling(10);
        assertThrows(ProtocolException.class, () -> s.receive(EnginePacket.decodePayload("0")));
    }

    @Test
    void aCloseFromTheClientEndsTheSession() {
        EngineSession s = polling(10);
        s.receive(EnginePacket.decodePayload("1"));
        assertTrue(s.isClosed());
        assertEquals(List.of("client close"), closes);
    }

    @Test
    void pingsEveryIntervalAndClosesWhenThePongIsLate() {
        EngineSession s = polling(10);
        s.checkTimers(24 * SECOND);
        Reply early = new Reply();
        s.poll(early);
        assertTrue(early.payloads.isEmpty(), "no ping before the interval");
        s.checkTimers(25 * SECOND);
        assertEquals(List.of("2"), early.payloads);
        s.checkTimers(45 * SECOND);
        assertFalse(s.isClosed(), "still within pingTimeout");
        s.checkTimers(45 * SECOND + 1);
        assertTrue(s.isClosed());
        assertEquals(List.of("ping timeout"), closes);
    }

    @Test
    void aPongResetsThePingTimer() {
        EngineSession s = polling(10);
        s.checkTimers(25 * SECOND);
        s.receive(EnginePacket.decodePayload("3"));
        s.checkTimers(60 * SECOND);
        assertFalse(s.isClosed(), "the pong arrived");
    }

    @Test
    void aClientTooFarBehindIsClosed() {
        EngineSession s = polling(2);
        s.send("a");
        s.send("b");
        assertFalse(s.isClosed());
        s.send("c");
        assertTrue(s.isClosed());
        assertTrue(closes.get(0).startsWith("transport error"), closes.toString());
    }

    @Test
    void underTheDropPolicyAPollingClientTooFarBehindLosesOnlyWhatDoesNotFit() {
        OutboundLimits drop = new OutboundLimits(2, OutboundPolicy.DROP);
        EngineSession s = polling(drop);
        s.send("a");
        s.send("b");
        s.send("c");
        s.send("d");
        assertFalse(s.isClosed(), "drop keeps the session");
        assertEquals(2, drop.droppedCount());
        Reply reply = new Reply();
        s.poll(reply);
        assertEquals(List.of(EnginePacket.encodePayload(List.of("a", "b"))), reply.payloads);
        s.send("e");
        Reply next = new Reply();
        s.poll(next);
        assertEquals(List.of("e"), next.payloads, "room again once the client polled");
        assertEquals(List.of(), closes);
    }

    @Test
    void aPongRepeatsAtMostTheEchoCapOfThePingsPayload() {
        EngineSession s = polling(10);
        s.receive(EnginePacket.decodePayload("2" + "x".repeat(900_000) + "\u001e2probe"));
        Reply reply = new Reply();
        s.poll(reply);
        List<String> pongs = List.of(reply.payloads.get(0).split("\u001e"));
        assertEquals("3" + "x".repeat(128) + "…", pongs.get(0), "cut at 128 bytes");
        assertEquals("3probe", pongs.get(1), "a short payload comes back whole");
    }

    @Test
    void manyBigPingsKeepOnlyTheirCappedPongs() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 1 << 20, 1 << 30);
        EngineSession s = polling(limits);
        String ping = "2" + "y".repeat(100_000);
        for (int i = 0; i < 400; i++) {
            s.receive(List.of(EnginePacket.decode(ping)));
        }
        assertFalse(s.isClosed());
        assertTrue(s.bufferedBytes() <= 400 * (2 * 140 + 64), "held " + s.bufferedBytes());
        assertEquals(s.bufferedBytes(), limits.nodeHeld(), "drawn from the node's total");
    }

    @Test
    void thePollingBufferIsBoundedInBytesAndClosesUnderTheClosePolicy() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 10_000, 1 << 30);
        EngineSession s = polling(limits);
        s.send("42" + "a".repeat(3000)); // 6068 bytes retained
        assertFalse(s.isClosed());
        s.send("42" + "b".repeat(3000));
        assertTrue(s.isClosed(), "a second one passes the client's 10000 bytes");
        assertTrue(closes.get(0).startsWith("transport error"), closes.toString());
        assertEquals(0, limits.nodeHeld(), "the bytes went back to the node with the close");
    }

    @Test
    void thePollingBufferIsBoundedInBytesAndDropsUnderTheDropPolicy() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.DROP, 10_000, 1 << 30);
        EngineSession s = polling(limits);
        for (int i = 0; i < 5; i++) {
            s.send("42" + String.valueOf(i).repeat(3000));
        }
        assertFalse(s.isClosed());
        assertEquals(4, limits.droppedCount());
        assertTrue(limits.nodeHeld() <= 10_000, "held " + limits.nodeHeld());
        Reply reply = new Reply();
        s.poll(reply);
        assertEquals(List.of("42" + "0".repeat(3000)), reply.payloads);
        assertEquals(0, limits.nodeHeld(), "a GET gives the bytes back");
        s.send("42" + "5".repeat(3000));
        s.close("bye");
        assertEquals(0, limits.nodeHeld(), "and so does the close");
    }

    @Test
    void theNodesTotalBoundsEveryPollingBufferTogether() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 10_000, 7_000);
        EngineSession first = polling(limits);
        EngineSession second = polling(limits);
        first.send("42" + "a".repeat(3000));
        second.send("42" + "b".repeat(3000));
        assertFalse(first.isClosed());
        assertTrue(second.isClosed(), "the node had no room left");
    }

    @Test
    void upgradeWithProbeThenFlushesTheBufferToTheSocket() {
        EngineSession s = polling(10);
        Reply parked = new Reply();
        s.poll(parked);
        Socket ws = new Socket();
        assertTrue(s.startProbe(ws, 0));
        assertFalse(s.startProbe(new Socket(), 0), "one probe at a time");
        s.receiveFrame(ws, "2probe");
        assertEquals(List.of("3probe"), ws.frames);
        assertEquals(List.of("6"), parked.payloads, "the parked poll is released with a noop");
        Reply during = new Reply();
        assertEquals(EngineSession.PollResult.ANSWERED, s.poll(during));
        assertEquals(List.of("6"), during.payloads);
        s.send("42[\"buffered\"]");
        s.receiveFrame(ws, "5");
        assertEquals(EngineSession.Transport.WEBSOCKET, s.transport());
        assertEquals(List.of("3probe", "42[\"buffered\"]"), ws.frames);
        s.send("42[\"direct\"]");
        assertEquals("42[\"direct\"]", ws.frames.get(2));
        assertEquals(EngineSession.PollResult.WRONG_TRANSPORT, s.poll(new Reply()));
        s.receiveFrame(ws, "42[\"up\"]");
        assertEquals(List.of("2[\"up\"]"), messages);
    }

    @Test
    void anUnfinishedUpgradeTimesOutAndPollingGoesOn() {
        EngineSession s = polling(10);
        Socket ws = new Socket();
        s.startProbe(ws, 0);
        s.checkTimers(11 * SECOND);
        assertEquals("upgrade timeout", ws.closed);
        assertEquals(EngineSession.Transport.POLLING, s.transport());
        assertFalse(s.isClosed());
        s.receiveFrame(ws, "42[\"late\"]");
        assertTrue(messages.isEmpty(), "frames of a dropped probe are ignored");
        assertTrue(s.startProbe(new Socket(), 11 * SECOND), "a new probe may start");
    }

    @Test
    void anyOtherPacketOnTheProbeDropsIt() {
        EngineSession s = polling(10);
        Socket ws = new Socket();
        s.startProbe(ws, 0);
        s.receiveFrame(ws, "42[\"early\"]");
        assertEquals("invalid packet during the upgrade", ws.closed);
        assertTrue(messages.isEmpty());
        assertFalse(s.isClosed());
    }

    @Test
    void theCurrentSocketClosingEndsTheSessionAProbeClosingDoesNot() {
        EngineSession s = polling(10);
        Socket probe = new Socket();
        s.startProbe(probe, 0);
        s.socketClosed(probe);
        assertFalse(s.isClosed());
        Socket ws = new Socket();
        s.startProbe(ws, 0);
        s.receiveFrame(ws, "2probe");
        s.receiveFrame(ws, "5");
        s.socketClosed(ws);
        assertTrue(s.isClosed());
        assertEquals(List.of("transport close"), closes);
    }

    @Test
    void closingClosesTheSocketsOnceAndTellsEveryone() {
        EngineSession s = new EngineSession(
                "s3", null, SETTINGS, LIMITS, 128, EngineSession.Transport.WEBSOCKET, new Socket(), forgotten::add, 0);
        s.close("server close");
        s.close("again");
        assertEquals(List.of(s), forgotten);
        s.send("42[\"late\"]"); // ignored, no exception
    }
}
