package dev.realtime.web.cors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void emptyListAllowsNoCrossOriginCallsButDoesNotCheckUpgrades() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertFalse(policy.allows("https://app.example.com"));
        assertFalse(policy.allows(null));
        assertTrue(policy.allowsWebSocket("https://app.example.com"));
        assertTrue(policy.allowsWebSocket(null));
    }

    @Test
    void listedOriginsMatchExactlyIgnoringCaseAndTrailingSlash() {
        OriginPolicy policy = new OriginPolicy(List.of("https://App.Example.com/", "http://localhost:3000"));
        assertTrue(policy.allows("https://app.example.com"));
        assertTrue(policy.allows("HTTPS://APP.EXAMPLE.COM/"));
        assertTrue(policy.allows("http://localhost:3000"));
        assertFalse(policy.allows("http://app.example.com"), "another scheme");
        assertFalse(policy.allows("https://app.example.com:8443"), "another port");
        assertFalse(policy.allows("https://evil.app.example.com"));
        assertFalse(policy.allows("https://app.example.com.evil.test"));
        assertFalse(policy.allows("null"), "sandboxed pages send the origin null");
        assertTrue(policy.allowsWebSocket("https://app.example.com"));
        assertFalse(policy.allowsWebSocket("https://evil.test"));
        assertTrue(policy.allowsWebSocket(null), "non-browser clients send no Origin");
    }

    @Test
    void starAllowsEveryOrigin() {
        OriginPolicy policy = new OriginPolicy(List.of("*"));
        assertTrue(policy.allows("https://anything.test"));
        assertTrue(policy.allowsWebSocket("https://anything.test"));
        assertFalse(policy.allows(null), "no Origin header: not a cross-origin request");
    }
}
