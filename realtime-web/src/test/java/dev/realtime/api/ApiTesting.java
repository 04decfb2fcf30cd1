package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the HTTP API's unit tests: a node without a container, and error checks. */
final class ApiTesting {
    private ApiTesting() {}

    static RealtimeSettings settings(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(Map.of(
                "realtime.node.id", "test-node",
                "realtime.app.id", "42",
                "realtime.app.key", "the-key",
                "realtime.app.secret", "the-secret"));
        all.putAll(config);
        return RealtimeSettings.from(key -> Optional.ofNullable(all.get(key)));
    }

    static RealtimeNode node(Map<String, String> config) {
        return new RealtimeNode(settings(config), new NoneBroker());
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The call fails with that status and the JSON error body {@code {"error":code,"message":…}}. */
    static JsonObject assertError(int status, String code, Executable call) {
        WebApplicationException e = assertThrows(WebApplicationException.class, call);
        Response response = e.getResponse();
        assertEquals(status, response.getStatus());
        assertTrue(MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType()));
        JsonObject body = json((String) response.getEntity());
        assertEquals(code, body.getString("error"), body.toString());
        assertFalse(body.getString("message").isBlank());
        return body;
    }

    /** The call fails with a {@link RealtimeException} with that code (the mapper's 400 or 413). */
    static RealtimeException assertRefused(String code, Executable call) {
        RealtimeException e = assertThrows(RealtimeException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }
}
