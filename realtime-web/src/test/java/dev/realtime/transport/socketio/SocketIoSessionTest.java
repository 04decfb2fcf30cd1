package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.SocketIoSettings;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.auth.ChannelAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Socket.IO layer over a polling session, with a real {@link RealtimeManager}: connect,
 * namespaces, binary refusal, malformed packets, and the shared wire format.
 */
class SocketIoSessionTest {
    static final SocketIoSettings SETTINGS =
            new SocketIoSettings(Duration.ofSeconds(25), Duration.ofSeconds(20), 1000, Duration.ofSeconds(10));

    private final RealtimeNode node = node();
    private final EngineSession engine = new EngineSession(
            "sid",
            null,
            SETTINGS,
            new OutboundLimits(100, OutboundPolicy.CLOSE),
            128,
            EngineSession.Transport.POLLING,
            null,
            s -> {},
            System.nanoTime());
    private final SocketIoSession socketIo = new SocketIoSession(node, new EchoEvents(node, publicOnly()));

    {
        engine.listen(socketIo);
    }

    /** A node with no broker, as every test of the Socket.IO layer uses. */
    static RealtimeNode node() {
        return new RealtimeNode(
                RealtimeSettings.from(
                        key -> Optional.ofNullable(Map.of("realtime.node.id", "n", "realtime.app.secret", "s")
                                .get(key))),
                new NoneBroker());
    }

    /** Authorizers that grant public channels only. */
    static ChannelAccess publicOnly() {
        return new ChannelAccess() {
            @Override
            public Grant authorize(java.security.Principal user, String channel, String socketId) {
                return channel.startsWith("private-") || channel.startsWith("presence-")
                        ? null
                        : new Grant(channel, null);
            }
        };
    }

    /** What a polling GET would get now, packet by packet. */
    static List<String> sent(EngineSession engine) {
        List<String> packets = new ArrayList<>();
        engine.poll(payload -> packets.addAll(List.of(payload.split("\u001e"))));
        return packets;
    }

    /** A polling POST's body. */
    static void receive(EngineSession engine, String engineMessage) {
        engine.receive(EnginePacket.decodePayload(engineMessage));
    }

    private List<String> sent() {
        return sent(engine);
    }

    private void receive(String engineMessage) {
        receive(engine, engineMessage);
    }

    @Test
    void connectAnswersWithTheSocketIdAndRegistersAConnection() {
        receive("40");
        List<String> sent = sent();
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).matches("40\\{\"sid\":\"\\d+\\.\\d+\"}"), sent.get(0));
        assertEquals(1, node.getConnectionCount());
        receive("40");
        assertEquals(sent, sent(), "connecting again answers with the same socket");
        assertEquals(1, node.getConnectionCount());
    }

    @Test
    void namespacesAreSocketsOfTheirOwn() {
        receive("40\u001e40/admin,{\"token\":\"x\"}");
        List<String> sent = sent();
        assertTrue(sent.get(1).startsWith("40/admin,{\"sid\":"), sent.toString());
        assertEquals(2, node.getConnectionCount());
        receive("41/admin,");
        assertEquals(1, node.getConnectionCount());
    }

    @Test
    void binaryPacketsAreRefusedWithConnectError() {
        receive("40");
        sent();
        receive("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
        assertEquals(List.of("44{\"message\":\"" + SocketIoSession.BINARY_REFUSED + "\"}"), sent());
        assertEquals(0, node.getConnectionCount());
    }

    @Test
    void malformedPacketsAreProtocolErrors() {
        assertThrows(ProtocolException.class, () -> receive("42[\"connect\"]"));
        assertThrows(ProtocolException.class, () -> receive("4x"));
        assertThrows(ProtocolException.class, () -> receive("44{\"message\":\"from a client\"}"));
    }

    @Test
    void unknownEventsAreAcknowledgedWithAnError() {
        receive("40");
        sent();
        receive("427[\"whatever\",1]");
        List<String> sent = sent();
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).startsWith("437[{\"status\":400,\"error\":\"unknown_event\""), sent.get(0));
    }

    @Test
    void aNamespaceNameOverTheLimitIsAProtocolError() {
        receive("40/" + "n".repeat(127) + ",");
        assertTrue(sent().get(0).startsWith("40/" + "n".repeat(127) + ",{\"sid\""), "128 characters are fine");
        assertThrows(ProtocolException.class, () -> receive("40/" + "n".repeat(128) + ","));
        assertThrows(ProtocolException.class, () -> receive("42/" + "n".repeat(100_000) + ",[\"x\"]"));
    }

    @Test
    void aSessionConnectsAtMostTheNamespacesLimit() {
        for (int i = 0; i < 16; i++) {
            receive("40/ns" + i + ",");
        }
        assertEquals(16, node.getConnectionCount());
        sent();
        receive("40/one-more,");
        assertEquals(List.of("44/one-more,{\"message\":\"" + SocketIoSession.TOO_MANY_NAMESPACES + "\"}"), sent());
        assertEquals(16, node.getConnectionCount());
    }

    @Test
    void whatTheClientSentIsQuotedBackAtMostEchoBytesLong() {
        receive("40");
        sent();
        String huge = "z".repeat(50_000);
        receive("421[\"" + huge + "\",1]");
        receive("422[\"subscribe\",{\"channel\":\"" + huge + "\"}]");
        receive("423[\"unsubscribe\",{\"channel\":\"" + huge + "\"}]");
        receive("424[\"client event\",{\"channel\":\"" + huge + "\",\"event\":\"client-" + huge + "\"}]");
        List<String> sent = sent();
        assertEquals(5, sent.size(), sent.toString()); // four acks and one subscription_error
        for (String packet : sent) {
            assertTrue(packet.length() < 600, "answered with " + packet.length() + " characters: " + packet);
            assertTrue(packet.contains("z".repeat(128) + "…"), packet);
        }
        String valid = "c".repeat(164);
        receive("425[\"subscribe\",{\"channel\":\"" + valid + "\"}]");
        assertEquals(List.of("435[{\"channel\":\"" + valid + "\",\"status\":200}]"), sent(), "a valid name whole");
    }

    @Test
    void authHeadersWithoutAnAuthUrlLeaveTheDecisionToTheAuthorizers() {
        List<String> asked = new ArrayList<>();
        ChannelAccess access = new ChannelAccess() {
            @Override
            public Grant authorize(java.security.Principal user, String channel, String socketId) {
                asked.add(channel + " for " + user);
                return null;
            }
        };
        EngineSession other = new EngineSession(
                "sid2",
                null,
                SETTINGS,
                new OutboundLimits(100, OutboundPolicy.CLOSE),
                128,
                EngineSession.Transport.POLLING,
                null,
                s -> {},
                System.nanoTime());
        other.listen(new SocketIoSession(node, new EchoEvents(node, access)));
        receive(other, "40");
        sent(other);
        receive(
                other,
                "421[\"subscribe\",{\"channel\":\"private-x\",\"auth\":{\"headers\":{\"Authorization\":\"Bearer t\"}}}]");
        assertEquals(List.of("private-x for null"), asked);
        assertEquals(
                List.of(
                        "42[\"subscription_error\",\"private-x\",401]",
                        "431[{\"channel\":\"private-x\",\"status\":401,\"error\":\"forbidden\","
                                + "\"message\":\"Not allowed to subscribe to private-x\"}]"),
                sent(other));
    }

    @Test
    void closingTheSessionRemovesItsConnections() {
        receive("40\u001e40/a,");
        assertEquals(2, node.getConnectionCount());
        engine.close("ping timeout");
        assertEquals(0, node.getConnectionCount());
    }

    @ParameterizedTest(name = "Engine.IO close \"{0}\" counts as {1}")
    @CsvSource({
        "client close, CLIENT",
        "transport close, CLIENT",
        "ping timeout, TIMEOUT",
        "transport error: client too slow, SLOW",
        "server shutting down, SHUTDOWN",
        "transport error: overlapping polls, ERROR",
        "parse error: bad packet, ERROR",
        "server error, ERROR"
    })
    void engineCloseReasonsMapToDisconnectReasons(String reason, Disconnect expected) {
        assertEquals(expected, SocketIoSession.why(reason));
    }
}
