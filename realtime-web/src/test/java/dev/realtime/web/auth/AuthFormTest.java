package dev.realtime.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The channel-auth form, read under its limit. */
class AuthFormTest {

    private static AuthForm read(String body, long declared, int limit) {
        return AuthForm.read(null, declared, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void fieldsAreDecoded() {
        AuthForm form = read("socket_id=1.2&channel_name=private-a%40b&extra=x+y", -1, 100);
        assertEquals("1.2", form.get("socket_id"));
        assertEquals("private-a@b", form.get("channel_name"));
        assertEquals("x y", form.get("extra"));
        assertNull(form.get("missing"));
        assertEquals(Map.of("a", "1", "b", ""), AuthForm.parse("a=1&a=2&b"));
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        String body = "socket_id=1.2&channel_name=" + "x".repeat(100);
        WebApplicationException declared =
                assertThrows(WebApplicationException.class, () -> read(body, body.length(), 64));
        assertEquals(413, declared.getResponse().getStatus());
        WebApplicationException chunked = assertThrows(WebApplicationException.class, () -> read(body, -1, 64));
        assertEquals(413, chunked.getResponse().getStatus());
    }

    @Test
    void aMalformedEncodingIsABadRequest() {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> read("socket_id=%zz", -1, 64));
        assertEquals(400, e.getResponse().getStatus());
    }
}
