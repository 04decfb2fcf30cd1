package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.message.FuzzInputs;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link ApiSignature#verify} with hostile query parameters and bodies: it always answers
 * with a {@link ApiSignature.Result} (never throws), admits a request signed the way an SDK signs
 * it, and refuses it once anything signed is changed or the timestamp is off by more than the skew.
 */
class ApiSignatureFuzzTest {
    private static final String KEY = "the-key";
    private static final String SECRET = "the-secret";
    private static final long NOW = 1_800_000_000L;
    private static final List<String> NAMES =
            List.of("auth_key", "auth_timestamp", "auth_version", "auth_signature", "body_md5", "AUTH_KEY", "Body_MD5");

    private static ApiSignature at(long epochSecond) {
        return new ApiSignature(KEY, SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    /** Hex HMAC-SHA256, computed here rather than through {@link PusherSignatures}. */
    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The query an SDK sends for {@code extra} parameters (keys lower-cased and sorted in the signature). */
    private static Map<String, List<String>> signed(
            String method, String path, Map<String, String> extra, byte[] body, long timestamp) {
        Map<String, String> params = new HashMap<>(extra);
        params.put("auth_key", KEY);
        params.put("auth_timestamp", Long.toString(timestamp));
        params.put("auth_version", "1.0");
        if (body.length > 0) {
            params.put("body_md5", ApiSignature.md5Hex(body));
        }
        String pairs = new TreeMap<>(params.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        Map<String, List<String>> query = new HashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        query.put("auth_signature", List.of(hmac(method + "\n" + path + "\n" + pairs)));
        return query;
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(NAMES), FuzzInputs.anyString());
        Arbitrary<String> value = Arbitraries.oneOf(
                FuzzInputs.anyString(),
                Arbitraries.of(KEY, "1.0", Long.toString(NOW), "", "-0", "+1800000000", "1e9", "9".repeat(30)),
                Arbitraries.longs().map(String::valueOf));
        return Arbitraries.maps(name, value.list().ofMaxSize(2)).ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.just(new byte[0]), FuzzInputs.randomBytes());
    }

    @Property
    void anyQueryIsAnsweredAndNeverValidWithoutTheSecret(
            @ForAll("queries") Map<String, List<String>> query,
            @ForAll("bodies") byte[] body,
            @ForAll("methods") String method) {
        ApiSignature.Result result = at(NOW).verify(method, "/apps/42/events", query, body);
        assertNotNull(result);
        assertFalse(result.valid());
        assertNotNull(result.error());
        assertNotNull(result.message());
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(Arbitraries.of("POST", "GET"), FuzzInputs.anyString());
    }

    @Provide
    Arbitrary<Map<String, String>> extras() {
        Arbitrary<String> name =
                FuzzInputs.anyString().filter(n -> !n.isEmpty() && !NAMES.contains(n.toLowerCase(Locale.ROOT)));
        return Arbitraries.maps(name, FuzzInputs.anyString())
                .ofMaxSize(5)
                .filter(ApiSignatureFuzzTest::noCaseCollisions);
    }

    private static boolean noCaseCollisions(Map<String, String> params) {
        Set<String> lower = new HashSet<>();
        return params.keySet().stream().allMatch(k -> lower.add(k.toLowerCase(Locale.ROOT)));
    }

    @Property
    void aRequestSignedLikeAnSdkIsValid(
            @ForAll("methods") String method,
            @ForAll("paths") String path,
            @ForAll("extras") Map<String, String> extra,
            @ForAll("bodies") byte[] body,
            @ForAll("skews") long skew) {
        ApiSignature.Result result = at(NOW).verify(method, path, signed(method, path, extra, body, NOW + skew), body);
        assertTrue(result.valid(), () -> result.error() + ": " + result.message());
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.of("/apps/42/events", "/apps/42/batch_events"), FuzzInputs.anyString());
    }

    @Provide
    Arbitrary<Long> skews() {
        return Arbitraries.longs().between(-600, 600);
    }

    @Property
    void changingTheSignedRequestMakesItInvalid(
            @ForAll("extras") Map<String, String> extra,
            @ForAll("bodies") byte[] body,
            @ForAll("anyBodies") byte[] otherBody,
            @ForAll("paths") String otherPath) {
        Map<String, List<String>> query = signed("POST", "/apps/42/events", extra, body, NOW);
        ApiSignature api = at(NOW);
        if (!Arrays.equals(body, otherBody)) {
            assertFalse(api.verify("POST", "/apps/42/events", query, otherBody).valid());
        }
        if (!otherPath.equals("/apps/42/events")) {
            assertFalse(api.verify("POST", otherPath, query, body).valid());
        }
        assertFalse(api.verify("GET", "/apps/42/events", query, body).valid());
        for (String name : query.keySet()) {
            Map<String, List<String>> changed = new HashMap<>(query);
            changed.put(name, List.of(query.get(name).get(0) + "0"));
            assertFalse(api.verify("POST", "/apps/42/events", changed, body).valid(), name);
        }
    }

    @Provide
    Arbitrary<byte[]> anyBodies() {
        return bodies();
    }

    @Property
    void aTimestampOutsideTheSkewIsStale(@ForAll("clocks") long now, @ForAll long timestamp) {
        long distance = BigInteger.valueOf(now)
                .subtract(BigInteger.valueOf(timestamp))
                .abs()
                .min(BigInteger.valueOf(Long.MAX_VALUE))
                .longValueExact();
        byte[] body = new byte[0];
        ApiSignature.Result result = at(now).verify(
                        "POST", "/apps/42/events", signed("POST", "/apps/42/events", Map.of(), body, timestamp), body);
        if (distance > ApiSignature.MAX_SKEW.toSeconds()) {
            assertEquals("stale_timestamp", result.error(), () -> "now " + now + ", auth_timestamp " + timestamp);
        } else {
            assertTrue(result.valid(), result::message);
        }
    }

    @Provide
    Arbitrary<Long> clocks() {
        // every second an Instant can hold
        return Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    }
}
