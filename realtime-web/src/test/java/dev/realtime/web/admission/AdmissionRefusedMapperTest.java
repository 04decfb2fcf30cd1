package dev.realtime.web.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.admission.AdmissionRefusedException;
import dev.realtime.admission.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdmissionRefusedMapperTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Refusal.class)
    void aRefusalIsItsStatusWithRetryAfterAndASmallJsonBody(Refusal refusal) {
        Response response = new AdmissionRefusedMapper().toResponse(new AdmissionRefusedException(refusal, 7));
        assertEquals(refusal == Refusal.NODE_FULL || refusal == Refusal.DRAINING ? 503 : 429, response.getStatus());
        assertEquals("7", String.valueOf(response.getHeaders().getFirst("Retry-After")));
        assertEquals("application/json", response.getMediaType().toString());
        JsonObject body = Json.createReader(new StringReader((String) response.getEntity()))
                .readObject();
        assertEquals(refusal.error(), body.getString("error"));
        assertEquals(refusal.pusherCode(), body.getInt("code"));
        assertEquals(refusal.message(), body.getString("message"));
    }
}
