package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.auth.ApiSignature;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.web.FuzzInputs;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jboss.resteasy.specimpl.ResteasyUriInfo;

/**
 * Fuzzes the HTTP API's gate with raw query strings as a client writes them (bad percent escapes,
 * repeated and empty parameters, unicode): {@link ApiAuthenticator#admit} refuses an unsigned one
 * with a 400, 401 or 404 {@link WebApplicationException}, nothing else, and admits what an SDK signs.
 */
class ApiAuthenticatorFuzzTest {
    private static final long NOW = 1_800_000_000L;

    private final AuthRefusals refusals = new AuthRefusals();
    private final ApiAuthenticator authenticator = new ApiAuthenticator(
            ApiTesting.settings(Map.of()), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), refusals);

    /** The URI as the container would hand it over; {@code null} when no request line could carry it. */
    private static UriInfo uri(String path, String rawQuery) {
        try {
            return new ResteasyUriInfo("http://127.0.0.1:8080" + path + "?" + rawQuery, "/");
        } catch (RuntimeException notAUri) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("auth_key", "auth_timestamp", "auth_version", "auth_signature", "body_md5", "AUTH_KEY"),
                FuzzInputs.anyString());
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "the-key", "1.0", Long.toString(NOW), "", "%", "%zz", "%e9", "%C3%A9", "%00", "+", "%2B"),
                FuzzInputs.anyString(),
                FuzzInputs.anyString().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
        Arbitrary<String> pair = Arbitraries.oneOf(
                Combinators.combine(name, value).as((k, v) -> k + "=" + v), name, Arbitraries.of("", "=", "&"));
        return FuzzInputs.nearValid(pair.list().ofMaxSize(8).map(pairs -> String.join("&", pairs)));
    }

    @Property
    void anyQueryIsRefusedWith400Or401Or404(
            @ForAll("queries") String query,
            @ForAll("appIds") String appId,
            @ForAll("bodies") byte[] body,
            @ForAll("methods") String method) {
        UriInfo uri = uri("/apps/42/events", query);
        Assume.that(uri != null);
        try {
            authenticator.admit(appId, method, uri, body);
            throw new AssertionError("admitted an unsigned request: " + query);
        } catch (WebApplicationException refused) {
            int status = refused.getResponse().getStatus();
            assertTrue(status == 400 || status == 401 || status == 404, () -> status + " for " + query);
        }
    }

    @Provide
    Arbitrary<String> appIds() {
        return Arbitraries.oneOf(Arbitraries.just("42"), FuzzInputs.anyString());
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.just(new byte[0]), FuzzInputs.randomBytes());
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("POST", "GET");
    }

    @Property
    void aRequestSignedLikeAnSdkIsAdmitted(@ForAll("extras") Map<String, String> extra, @ForAll("bodies") byte[] body) {
        TreeMap<String, String> params = new TreeMap<>(extra);
        params.put("auth_key", "the-key");
        params.put("auth_timestamp", Long.toString(NOW));
        params.put("auth_version", "1.0");
        if (body.length > 0) {
            params.put("body_md5", ApiSignature.md5Hex(body));
        }
        String toSign = "POST\n/apps/42/events\n"
                + params.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
        params.put("auth_signature", new PusherSignatures("the-key", "the-secret").sign(toSign));
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        UriInfo uri = uri("/apps/42/events", query);
        assertDoesNotThrow(() -> authenticator.admit("42", "POST", uri, body), query);
    }

    /** Extra parameters with lower-case names (SDKs send them so), any values that survive UTF-8. */
    @Provide
    Arbitrary<Map<String, String>> extras() {
        Set<String> auth = Set.of("auth_key", "auth_timestamp", "auth_version", "auth_signature", "body_md5");
        Arbitrary<String> name = FuzzInputs.wellFormedString()
                .map(n -> n.toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty() && !auth.contains(n) && n.equals(n.toLowerCase(Locale.ROOT)));
        return Arbitraries.maps(name, FuzzInputs.wellFormedString())
                .ofMaxSize(4)
                .filter(m -> {
                    Set<String> seen = new HashSet<>();
                    return m.keySet().stream().allMatch(seen::add);
                });
    }
}
