package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Pusher HTTP API signature, with the worked example of protocols.md and the ways to get it wrong. */
class ApiSignatureTest {
    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";
    private static final long TIMESTAMP = 1353088179;
    private static final String PATH = "/apps/3/events";
    private static final byte[] BODY =
            "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}"
                    .getBytes(StandardCharsets.UTF_8);
    private static final String BODY_MD5 = "ec365a775a4cd0599faeb73354201b6f";
    private static final String SIGNATURE = "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";

    private static ApiSignature at(long epochSecond) {
        return new ApiSignature(KEY, SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private final ApiSignature api = at(TIMESTAMP);

    /** The worked example's query, in the order an SDK might send it. */
    private static Map<String, List<String>> example() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("auth_key", List.of(KEY));
        query.put("auth_timestamp", List.of(Long.toString(TIMESTAMP)));
        query.put("auth_version", List.of("1.0"));
        query.put("body_md5", List.of(BODY_MD5));
        query.put("auth_signature", List.of(SIGNATURE));
        return query;
    }

    /** A correctly signed query over {@code params}, as an honest client would build it. */
    private static Map<String, List<String>> signed(String method, String path, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        String signature = new PusherSignatures(KEY, SECRET).sign(ApiSignature.stringToSign(method, path, sorted));
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        query.put("auth_signature", List.of(signature));
        return query;
    }

    private static Map<String, String> auth(long timestamp) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", KEY);
        params.put("auth_timestamp", Long.toString(timestamp));
        params.put("auth_version", "1.0");
        return params;
    }

    private static void assertInvalid(String error, ApiSignature.Result result) {
        assertFalse(result.valid(), "accepted");
        assertEquals(error, result.error(), result.message());
        assertFalse(result.message().isBlank());
    }

    @Test
    void workedExampleOfTheProtocolDocument() {
        assertEquals(BODY_MD5, ApiSignature.md5Hex(BODY));
        ApiSignature.Result result = api.verify("POST", PATH, example(), BODY);
        assertTrue(result.valid(), result.message());
        assertNull(result.error());
    }

    @Test
    void stringToSignIsMethodPathAndSortedPairs() {
        TreeMap<String, String> params = new TreeMap<>(Map.of("b", "2", "a", "1 2"));
        assertEquals("GET\n/apps/3/channels\na=1 2&b=2", ApiSignature.stringToSign("GET", "/apps/3/channels", params));
        assertEquals("GET\n/x\n", ApiSignature.stringToSign("GET", "/x", new TreeMap<>()));
    }

    @Test
    void getWithoutBodyNeedsNoBodyMd5() {
        Map<String, String> params = auth(TIMESTAMP);
        params.put("filter_by_prefix", "presence-");
        params.put("info", "user_count");
        assertTrue(api.verify("GET", "/apps/3/channels", signed("GET", "/apps/3/channels", params), null)
                .valid());
        assertTrue(api.verify("GET", "/apps/3/channels", signed("GET", "/apps/3/channels", params), new byte[0])
                .valid());
    }

    @Test
    void keysAreLowerCasedBeforeSigning() {
        Map<String, List<String>> query = example();
        query.put("AUTH_KEY", query.remove("auth_key"));
        query.put("Body_MD5", query.remove("body_md5"));
        assertTrue(api.verify("POST", PATH, query, BODY).valid());
    }

    @Test
    void timestampWithinTenMinutesEitherWayIsAccepted() {
        assertTrue(at(TIMESTAMP + 600).verify("POST", PATH, example(), BODY).valid());
        assertTrue(at(TIMESTAMP - 600).verify("POST", PATH, example(), BODY).valid());
    }

    @Test
    void staleOrFutureTimestampIsRefused() {
        assertInvalid("stale_timestamp", at(TIMESTAMP + 601).verify("POST", PATH, example(), BODY));
        assertInvalid("stale_timestamp", at(TIMESTAMP - 601).verify("POST", PATH, example(), BODY));
        // a fresh timestamp, correctly signed, cannot rescue a replayed request either
        assertInvalid("stale_timestamp", at(TIMESTAMP + 86_400).verify("POST", PATH, example(), BODY));
    }

    @Test
    void tamperedBodyIsRefused() {
        byte[] changed = new String(BODY, StandardCharsets.UTF_8)
                .replace("project-3", "project-4")
                .getBytes(StandardCharsets.UTF_8);
        assertInvalid("invalid_body_md5", api.verify("POST", PATH, example(), changed));
        assertInvalid("invalid_body_md5", api.verify("POST", PATH, example(), null));
    }

    @Test
    void bodyWithoutBodyMd5IsRefused() {
        Map<String, List<String>> query = signed("POST", PATH, auth(TIMESTAMP));
        assertInvalid("missing_auth", api.verify("POST", PATH, query, BODY));
    }

    @Test
    void bodyMd5ChangedTogetherWithTheBodyBreaksTheSignature() {
        byte[] changed = "{\"name\":\"evil\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> query = example();
        query.put("body_md5", List.of(ApiSignature.md5Hex(changed)));
        assertInvalid("invalid_signature", api.verify("POST", PATH, query, changed));
    }

    @Test
    void forgedSignatureIsRefused() {
        Map<String, List<String>> query = example();
        query.put("auth_signature", List.of(SIGNATURE.replace('d', 'e')));
        assertInvalid("invalid_signature", api.verify("POST", PATH, query, BODY));
        query.put("auth_signature", List.of(SIGNATURE.toUpperCase()));
        assertInvalid("invalid_signature", api.verify("POST", PATH, query, BODY));
    }

    @Test
    void signatureWithAnotherSecretIsRefused() {
        TreeMap<String, String> params = new TreeMap<>(auth(TIMESTAMP));
        params.put("body_md5", BODY_MD5);
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        query.put(
                "auth_signature",
                List.of(new PusherSignatures(KEY, "other-secret")
                        .sign(ApiSignature.stringToSign("POST", PATH, params))));
        assertInvalid("invalid_signature", api.verify("POST", PATH, query, BODY));
    }

    @Test
    void signatureCoversMethodPathAndEveryParameter() {
        assertInvalid("invalid_signature", api.verify("PUT", PATH, example(), BODY));
        assertInvalid("invalid_signature", api.verify("POST", "/apps/4/events", example(), BODY));
        Map<String, List<String>> extra = example();
        extra.put("info", List.of("user_count"));
        assertInvalid("invalid_signature", api.verify("POST", PATH, extra, BODY));
    }

    @Test
    void wrongKeyIsRefused() {
        Map<String, List<String>> query = example();
        query.put("auth_key", List.of("someone-else"));
        assertInvalid("invalid_key", api.verify("POST", PATH, query, BODY));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"auth_key", "auth_timestamp", "auth_version", "auth_signature"})
    void missingParameterIsRefused(String name) {
        Map<String, List<String>> query = example();
        query.remove(name);
        assertInvalid("missing_auth", api.verify("POST", PATH, query, BODY));
        query.put(name, List.of(""));
        assertInvalid("missing_auth", api.verify("POST", PATH, query, BODY));
    }

    @Test
    void otherAuthVersionIsRefused() {
        Map<String, String> params = auth(TIMESTAMP);
        params.put("auth_version", "2.0");
        assertInvalid(
                "invalid_auth", api.verify("GET", "/apps/3/channels", signed("GET", "/apps/3/channels", params), null));
    }

    @Test
    void malformedTimestampIsRefused() {
        Map<String, String> params = auth(TIMESTAMP);
        params.put("auth_timestamp", "yesterday");
        assertInvalid("invalid_auth", api.verify("GET", "/x", signed("GET", "/x", params), null));
    }

    @Test
    void repeatedParameterIsRefused() {
        Map<String, List<String>> query = example();
        query.put("info", List.of("user_count", "subscription_count"));
        assertInvalid("invalid_auth", api.verify("POST", PATH, query, BODY));

        Map<String, List<String>> twoCases = example();
        twoCases.put("AUTH_TIMESTAMP", List.of(Long.toString(TIMESTAMP)));
        assertInvalid("invalid_auth", api.verify("POST", PATH, twoCases, BODY));
    }

    /** Found by ApiSignatureFuzzTest: {@code now - auth_timestamp} overflowed to a negative distance. */
    @Test
    void aTimestampWhoseDistanceToTheClockOverflowsIsStale() {
        ApiSignature.Result result = at(-1).verify("POST", PATH, signed("POST", PATH, auth(Long.MAX_VALUE)), null);
        assertInvalid("stale_timestamp", result);
        assertTrue(result.message().contains("9223372036854775808 s away"), result.message());
    }
}
