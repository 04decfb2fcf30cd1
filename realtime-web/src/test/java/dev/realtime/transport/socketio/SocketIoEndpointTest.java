package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SocketIoEndpointTest {

    @Test
    void maxPayloadCountsUtf8Bytes() {
        assertFalse(SocketIoEndpoint.overLimit("x".repeat(100), 100));
        assertTrue(SocketIoEndpoint.overLimit("x".repeat(101), 100));
        assertFalse(SocketIoEndpoint.overLimit("é".repeat(50), 100), "100 bytes");
        assertTrue(SocketIoEndpoint.overLimit("é".repeat(51), 100), "102 bytes in 51 characters");
        assertTrue(SocketIoEndpoint.overLimit("€".repeat(34), 100), "102 bytes in 34 characters");
    }
}
