package dev.realtime.api;

import static dev.realtime.api.ApiTesting.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtime.auth.ApiSignature;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.ops.AuthRefusals;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.resteasy.specimpl.ResteasyUriInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app id and signature gate, with request URIs as the server sees them (app id 42, key the-key). */
class ApiAuthenticatorTest {
    private static final long NOW = 1_800_000_000L;
    private static final byte[] BODY =
            "{\"name\":\"n\",\"channel\":\"c\",\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8);

    private final AuthRefusals refusals = new AuthRefusals();
    private final ApiAuthenticator authenticator = new ApiAuthenticator(
            ApiTesting.settings(Map.of()), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), refusals);

    /** A request URI signed as a Pusher SDK signs it: values URL-encoded in the query, not in the signature. */
    private static UriInfo signed(String method, String path, Map<String, String> extra, byte[] body, long timestamp) {
        TreeMap<String, String> params = new TreeMap<>(extra);
        params.put("auth_key", "the-key");
        params.put("auth_timestamp", Long.toString(timestamp));
        params.put("auth_version", "1.0");
        if (body != null) {
            params.put("body_md5", ApiSignature.md5Hex(body));
        }
        String toSign = method + "\n" + path + "\n"
                + params.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
        params.put("auth_signature", new PusherSignatures("the-key", "the-secret").sign(toSign));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new ResteasyUriInfo("http://127.0.0.1:8080" + path + "?" + query, "/");
    }

    @Test
    void signedPostIsAdmitted() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        assertDoesNotThrow(() -> authenticator.admit("42", "POST", uri, BODY));
        assertEquals(0, refusals.count(AuthRefusals.Kind.API));
    }

    @Test
    void signedGetWithEncodedParametersIsAdmitted() {
        UriInfo uri = signed(
                "GET", "/apps/42/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"), null, NOW);
        assertDoesNotThrow(() -> authenticator.admit("42", "GET", uri, null));
        UriInfo odd = signed("GET", "/apps/42/channels", Map.of("filter_by_prefix", "a&b=c d+é"), null, NOW);
        assertDoesNotThrow(() -> authenticator.admit("42", "GET", odd, null));
    }

    @Test
    void otherAppIdIsNotFound() {
        UriInfo uri = signed("POST", "/apps/43/events", Map.of(), BODY, NOW);
        assertError(404, "unknown_app", () -> authenticator.admit("43", "POST", uri, BODY));
    }

    @Test
    void unsignedRequestIsUnauthorized() {
        UriInfo uri = new ResteasyUriInfo("http://127.0.0.1:8080/apps/42/channels", "/");
        assertError(401, "missing_auth", () -> authenticator.admit("42", "GET", uri, null));
        assertEquals(1, refusals.count(AuthRefusals.Kind.API), "counted as an API auth refusal");
    }

    @Test
    void staleRequestIsUnauthorized() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW - 601);
        assertError(401, "stale_timestamp", () -> authenticator.admit("42", "POST", uri, BODY));
    }

    @Test
    void tamperedBodyIsUnauthorized() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        byte[] changed = "{\"name\":\"n\",\"channel\":\"d\",\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
        assertError(401, "invalid_body_md5", () -> authenticator.admit("42", "POST", uri, changed));
    }

    @Test
    void signatureForAnotherPathIsUnauthorized() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        UriInfo moved = new ResteasyUriInfo(uri.getRequestUri().toString().replace("/events", "/batch_events"), "/");
        assertError(401, "invalid_signature", () -> authenticator.admit("42", "POST", moved, BODY));
    }

    /** A body that fails the test when anything reads it. */
    private static final InputStream UNREADABLE = new InputStream() {
        @Override
        public int read() {
            return fail("the body was read");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return fail("the body was read");
        }
    };

    @Test
    void aSignedBodyIsReadAndReturned() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        assertArrayEquals(
                BODY, authenticator.admitAndRead("42", "POST", uri, BODY.length, new ByteArrayInputStream(BODY)));
        assertArrayEquals(BODY, authenticator.admitAndRead("42", "POST", uri, -1, new ByteArrayInputStream(BODY)));
    }

    @Test
    void anUnsignedRequestIsRefusedBeforeItsBodyIsRead() {
        UriInfo unsigned = new ResteasyUriInfo("http://127.0.0.1:8080/apps/42/events", "/");
        assertError(401, "missing_auth", () -> authenticator.admitAndRead("42", "POST", unsigned, -1, UNREADABLE));
        assertError(401, "missing_auth", () -> authenticator.admitAndRead("42", "POST", unsigned, 100, UNREADABLE));
        UriInfo wrong = new ResteasyUriInfo(
                signed("POST", "/apps/42/events", Map.of(), BODY, NOW)
                        .getRequestUri()
                        .toString()
                        .replace("auth_signature=", "auth_signature=0"),
                "/");
        assertError(401, "invalid_signature", () -> authenticator.admitAndRead("42", "POST", wrong, -1, UNREADABLE));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnythingElse() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        assertError(413, "body_too_large", () -> authenticator.admitAndRead("42", "POST", uri, 524_289, UNREADABLE));
        UriInfo unsigned = new ResteasyUriInfo("http://127.0.0.1:8080/apps/42/events", "/");
        assertError(
                413, "body_too_large", () -> authenticator.admitAndRead("42", "POST", unsigned, 9_000_000, UNREADABLE));
    }

    @Test
    void aSignedBodyOfUnknownLengthIsCutAtTheLimit() {
        byte[] big = new byte[524_289];
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), big, NOW);
        String error = assertError(
                        413,
                        "body_too_large",
                        () -> authenticator.admitAndRead("42", "POST", uri, -1, new ByteArrayInputStream(big)))
                .toString();
        assertTrue(error.length() < 120, error);
        byte[] fits = new byte[524_288];
        UriInfo ok = signed("POST", "/apps/42/events", Map.of(), fits, NOW);
        assertEquals(
                fits.length, authenticator.admitAndRead("42", "POST", ok, -1, new ByteArrayInputStream(fits)).length);
    }

    @Test
    void aBodyThatDoesNotMatchItsSignedMd5IsRefused() {
        UriInfo uri = signed("POST", "/apps/42/events", Map.of(), BODY, NOW);
        byte[] changed = "{\"name\":\"n\",\"channel\":\"d\",\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
        assertError(
                401,
                "invalid_body_md5",
                () -> authenticator.admitAndRead("42", "POST", uri, -1, new ByteArrayInputStream(changed)));
    }

    @Test
    void channelNameComesFromTheRawPath() {
        assertEquals("news", ChannelsResource.channelName(uri("/apps/42/channels/news?info=x")));
        assertEquals("presence-a;b", ChannelsResource.channelName(uri("/apps/42/channels/presence-a;b/users")));
        assertEquals("a=b@c,d", ChannelsResource.channelName(uri("/apps/42/channels/a%3Db%40c%2Cd")));
        assertEquals("a+b", ChannelsResource.channelName(uri("/apps/42/channels/a+b")));
    }

    private static UriInfo uri(String pathAndQuery) {
        return new ResteasyUriInfo("http://127.0.0.1:8080" + pathAndQuery, "/");
    }

    /** Found by ApiAuthenticatorFuzzTest: java.net.URI's IllegalArgumentException escaped (a 500). */
    @ParameterizedTest(name = "query {0}")
    @ValueSource(strings = {"auth_key=%", "auth_key=%zz", "auth_timestamp=}", "a=b|c"})
    void aQueryThatIsNoUriIsABadRequest(String query) {
        UriInfo uri = new ResteasyUriInfo("http://127.0.0.1:8080/apps/42/events?" + query, "/");
        assertError(400, "invalid_uri", () -> authenticator.admit("42", "POST", uri, BODY));
    }
}
