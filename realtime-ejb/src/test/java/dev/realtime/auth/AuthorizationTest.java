package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Authorization} answers and {@link AuthorizationRequest}. */
class AuthorizationTest {

    @Test
    void deny() {
        Authorization deny = Authorization.deny();
        assertFalse(deny.allowed());
        assertNull(deny.userId());
        assertNull(deny.userInfo());
        assertSame(deny, Authorization.deny());
        assertEquals(new Authorization(false, null, null), deny);
    }

    @Test
    void allow() {
        Authorization allow = Authorization.allow();
        assertTrue(allow.allowed());
        assertNull(allow.userId());
        assertNull(allow.userInfo());
        assertSame(allow, Authorization.allow());
        assertEquals(new Authorization(true, null, null), allow);
    }

    @Test
    void presence() {
        Map<String, String> info = Map.of("name", "Mr. Channels");
        Authorization member = Authorization.presence("10", info);
        assertTrue(member.allowed());
        assertEquals("10", member.userId());
        assertSame(info, member.userInfo());
        assertEquals(new Authorization(true, "10", info), member);
    }

    @Test
    void presenceWithoutInfo() {
        Authorization member = Authorization.presence("10", null);
        assertTrue(member.allowed());
        assertEquals("10", member.userId());
        assertNull(member.userInfo());
    }

    @Test
    void presenceNeedsAUserId() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Authorization.presence(null, "x"));
        assertTrue(e.getMessage().contains("userId"), e.getMessage());
    }

    @Test
    void requestCopiesItsParams() {
        Map<String, String> params = new HashMap<>(Map.of("roomId", "42"));
        Principal user = () -> "alice";
        AuthorizationRequest request = new AuthorizationRequest(user, "private-chat.42", params, "1.2");
        params.put("roomId", "43");
        params.put("extra", "x");

        assertEquals(Map.of("roomId", "42"), request.params());
        assertEquals("42", request.param("roomId"));
        assertNull(request.param("extra"));
        assertThrows(UnsupportedOperationException.class, () -> request.params().put("roomId", "44"));
        assertSame(user, request.user());
        assertEquals("private-chat.42", request.channel());
        assertEquals("1.2", request.socketId());
    }

    @Test
    void requestForAnAnonymousUser() {
        AuthorizationRequest request = new AuthorizationRequest(null, "private-orders", Map.of(), "1.2");
        assertNull(request.user());
        assertEquals(Map.of(), request.params());
        assertNull(request.param("anything"));
    }

    @Test
    void requestNeedsParams() {
        assertThrows(NullPointerException.class, () -> new AuthorizationRequest(null, "c", null, "1.2"));
    }
}
