package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineSocketEndpointTest {

    @Test
    void maxPayloadCountsUtf8Bytes() {
        assertFalse(EngineSocketEndpoint.overLimit("x".repeat(100), 100));
        assertTrue(EngineSocketEndpoint.overLimit("x".repeat(101), 100));
        assertFalse(EngineSocketEndpoint.overLimit("é".repeat(50), 100), "100 bytes");
        assertTrue(EngineSocketEndpoint.overLimit("é".repeat(51), 100), "102 bytes in 51 characters");
        assertTrue(EngineSocketEndpoint.overLimit("€".repeat(34), 100), "102 bytes in 34 characters");
    }
}
