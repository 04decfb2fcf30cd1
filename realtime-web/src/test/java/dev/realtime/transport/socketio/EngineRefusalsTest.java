package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.admission.Refusal;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.OutboundPolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineRefusalsTest {

    @ParameterizedTest(name = "{0} over polling")
    @EnumSource(Refusal.class)
    void pollingHandshakeRefusalsLookLikeEngineIo(Refusal refusal) {
        Response response = EngineRefusals.polling(new AdmissionRefusedException(refusal, 3));
        assertEquals(refusal.httpStatus(), response.getStatus());
        assertEquals("3", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        JsonObject body = Json.createReader(new StringReader((String) response.getEntity()))
                .readObject();
        assertEquals(4, body.getInt("code"));
        assertEquals(refusal.message(), body.getString("message"));
    }

    @ParameterizedTest(name = "{0} over a WebSocket")
    @EnumSource(Refusal.class)
    void webSocketRefusalsAreErrorCloses(Refusal refusal) {
        CloseReason reason = EngineRefusals.webSocket(new AdmissionRefusedException(refusal, 3));
        assertEquals(
                refusal == Refusal.ADDRESS_QUOTA ? 1008 : 1013,
                reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().getBytes(StandardCharsets.UTF_8).length <= 123);
    }

    @Test
    void aTicketHandedOverAfterTheSessionClosedIsReleasedAtOnceAndOnce() {
        SocketIoRegistry sessions = new SocketIoRegistry();
        EngineSession closed = new EngineSession(
                "gone",
                null,
                SocketIoSessionTest.SETTINGS,
                new OutboundLimits(10, OutboundPolicy.CLOSE),
                128,
                EngineSession.Transport.POLLING,
                null,
                s -> {},
                0);
        AtomicInteger releases = new AtomicInteger();
        sessions.releaseOnClose(closed, releases::incrementAndGet); // never in the registry: already gone
        assertEquals(1, releases.get());
    }
}
