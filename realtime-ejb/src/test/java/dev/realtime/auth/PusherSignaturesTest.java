package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.node.RealtimeNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The Pusher channel and sign-in signatures, with the test vectors of protocols.md. */
class PusherSignaturesTest {
    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";
    private static final String SOCKET = "1234.1234";

    private static final String PRIVATE_SIGNATURE = "58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
    private static final String CHANNEL_DATA = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}";
    private static final String PRESENCE_SIGNATURE = "31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80";

    private final PusherSignatures signatures = new PusherSignatures(KEY, SECRET);

    /** Hex HMAC-SHA256, computed here independently of the class under test. */
    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- test vectors ----

    @Test
    void privateChannelTestVector() {
        assertEquals(PRIVATE_SIGNATURE, signatures.sign(SOCKET + ":private-foobar"));
        assertEquals(KEY + ":" + PRIVATE_SIGNATURE, signatures.privateAuth(SOCKET, "private-foobar"));
    }

    @Test
    void presenceChannelTestVector() {
        assertEquals(PRESENCE_SIGNATURE, signatures.sign(SOCKET + ":presence-foobar:" + CHANNEL_DATA));
        assertEquals(KEY + ":" + PRESENCE_SIGNATURE, signatures.presenceAuth(SOCKET, "presence-foobar", CHANNEL_DATA));
    }

    @Test
    void managerSignsWithTheConfiguredKeyAndSecret() {
        Map<String, String> values = Map.of("realtime.app.key", KEY, "realtime.app.secret", SECRET);
        RealtimeNode manager =
                new RealtimeNode(RealtimeSettings.from(key -> Optional.ofNullable(values.get(key))), new NoneBroker());
        assertEquals(KEY + ":" + PRIVATE_SIGNATURE, manager.signatures().privateAuth(SOCKET, "private-foobar"));
        assertEquals(
                KEY + ":" + PRESENCE_SIGNATURE,
                manager.signatures().presenceAuth(SOCKET, "presence-foobar", CHANNEL_DATA));
    }

    // ---- user sign-in ----

    @Test
    void userSignInSignsSocketIdUserAndUserData() throws Exception {
        String userData = "{\"id\":\"12345\",\"user_info\":{\"name\":\"Mr. Channels\"}}";
        String expected = hmac(SECRET, SOCKET + "::user::" + userData);
        assertEquals(KEY + ":" + expected, signatures.userAuth(SOCKET, userData));
        assertEquals(expected, signatures.sign(SOCKET + "::user::" + userData));
    }

    @Test
    void userSignInIsNotAChannelSignature() {
        String userData = "{\"id\":\"1\"}";
        assertNotEquals(signatures.privateAuth(SOCKET, userData), signatures.userAuth(SOCKET, userData));
        assertNotEquals(signatures.presenceAuth(SOCKET, "", userData), signatures.userAuth(SOCKET, userData));
    }

    @Test
    void signIsHexHmacSha256OfTheUtf8Text() throws Exception {
        for (String text : new String[] {"", "a", "1.2:private-é", "😀::user::{}", "x".repeat(10_000)}) {
            String signature = signatures.sign(text);
            assertEquals(hmac(SECRET, text), signature, text);
            assertEquals(64, signature.length());
            assertTrue(signature.matches("[0-9a-f]{64}"), signature);
        }
    }

    // ---- what the signature covers ----

    @Test
    void presenceSignatureCoversTheExactChannelDataString() {
        String respaced = "{\"user_id\": 10, \"user_info\": {\"name\": \"Mr. Channels\"}}";
        String reordered = "{\"user_info\":{\"name\":\"Mr. Channels\"},\"user_id\":10}";
        String stringId = "{\"user_id\":\"10\",\"user_info\":{\"name\":\"Mr. Channels\"}}";
        String expected = signatures.presenceAuth(SOCKET, "presence-foobar", CHANNEL_DATA);
        for (String same : new String[] {respaced, reordered, stringId}) {
            assertNotEquals(expected, signatures.presenceAuth(SOCKET, "presence-foobar", same), same);
        }
    }

    @Test
    void signatureDependsOnSocketChannelAndSecret() {
        String expected = signatures.privateAuth(SOCKET, "private-foobar");
        assertNotEquals(expected, signatures.privateAuth("1234.1235", "private-foobar"));
        assertNotEquals(expected, signatures.privateAuth(SOCKET, "private-foobaz"));
        assertNotEquals(expected, new PusherSignatures(KEY, "another-secret").privateAuth(SOCKET, "private-foobar"));
        assertEquals(
                "other-key:" + PRIVATE_SIGNATURE,
                new PusherSignatures("other-key", SECRET).privateAuth(SOCKET, "private-foobar"),
                "the key only prefixes the auth string");
    }

    // ---- matches ----

    @Test
    void matchesTheEqualString() {
        String auth = KEY + ":" + PRIVATE_SIGNATURE;
        assertTrue(PusherSignatures.matches(auth, auth));
        assertTrue(PusherSignatures.matches(auth, new String(auth.toCharArray())));
        assertTrue(PusherSignatures.matches("", ""));
    }

    @Test
    void doesNotMatchADifferentString() {
        String auth = KEY + ":" + PRIVATE_SIGNATURE;
        assertFalse(PusherSignatures.matches(auth, KEY + ":" + PRESENCE_SIGNATURE));
        assertFalse(PusherSignatures.matches(auth, PRIVATE_SIGNATURE), "the key prefix is required");
        assertFalse(PusherSignatures.matches(auth, KEY + ":" + PRIVATE_SIGNATURE.toUpperCase()));
    }

    @Test
    void doesNotMatchNull() {
        assertFalse(PusherSignatures.matches(KEY + ":" + PRIVATE_SIGNATURE, null));
        assertFalse(PusherSignatures.matches("", null));
    }

    @Test
    void doesNotMatchADifferentLength() {
        String auth = KEY + ":" + PRIVATE_SIGNATURE;
        assertFalse(PusherSignatures.matches(auth, ""));
        assertFalse(PusherSignatures.matches(auth, auth.substring(0, auth.length() - 1)));
        assertFalse(PusherSignatures.matches(auth, auth + "0"));
        assertFalse(PusherSignatures.matches(auth, auth + auth));
    }

    @Test
    void doesNotMatchWhenOneCharacterIsTampered() {
        String auth = KEY + ":" + PRIVATE_SIGNATURE;
        for (int i = 0; i < auth.length(); i++) {
            char[] chars = auth.toCharArray();
            chars[i] = chars[i] == '0' ? '1' : '0';
            String tampered = new String(chars);
            assertFalse(PusherSignatures.matches(auth, tampered), tampered);
        }
    }
}
