package dev.realtime.transport.socketio;

import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.admission.Refusal;
import dev.realtime.message.Json;
import dev.realtime.web.admission.AdmissionRefusedMapper;
import jakarta.websocket.CloseReason;
import jakarta.ws.rs.core.Response;

/**
 * Engine.IO handshakes that admission control refused, as an Engine.IO server refuses a handshake
 * (its {@code allowRequest} hook): over polling, the refusal's status (429 over the address's quota
 * or rate, 503 on a full node) with {@code Retry-After} and {@code {"code":4,"message":"…"}} (4 is
 * Engine.IO's "Forbidden"); socket.io-client reports it as {@code connect_error} ("xhr poll error",
 * the status in {@code description}) and retries with its back-off. A session opened directly on a
 * WebSocket is closed after the upgrade with 1008 (policy violation) over the address's quota, 1013
 * (try again later) over its rate or on a full node, and the refusal's message as the reason.
 */
final class EngineRefusals {
    /** Engine.IO's code for a handshake the server does not allow. */
    static final int FORBIDDEN = 4;

    private EngineRefusals() {}

    static Response polling(AdmissionRefusedException e) {
        return AdmissionRefusedMapper.refusal(
                e, "{\"code\":" + FORBIDDEN + ",\"message\":" + Json.quote(e.getMessage()) + "}");
    }

    static CloseReason webSocket(AdmissionRefusedException e) {
        CloseReason.CloseCode code = e.refusal() == Refusal.ADDRESS_QUOTA
                ? CloseReason.CloseCodes.VIOLATED_POLICY
                : CloseReason.CloseCodes.TRY_AGAIN_LATER;
        return new CloseReason(code, e.getMessage());
    }
}
