package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.web.FuzzInputs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jboss.resteasy.specimpl.ResteasyUriInfo;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryStrings} decodes a query as JAX-RS ({@code UriInfo.getQueryParameters()} of RESTEasy,
 * what {@link EventsResource} sees) decodes it, so that {@link PublishFilter} checks the signature
 * over the same parameters.
 */
class QueryStringsTest {
    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("auth_key", "body_md5", "AUTH_KEY", "a+b", "%41", "é"), FuzzInputs.anyString());
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("", "1.0", "%C3%A9", "%00", "+", "%2B", "a=b", "x y"),
                FuzzInputs.anyString(),
                FuzzInputs.anyString().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
        Arbitrary<String> pair = Arbitraries.oneOf(
                Combinators.combine(name, value).as((k, v) -> k + "=" + v), name, Arbitraries.of("", "=", "&"));
        return pair.list().ofMaxSize(8).map(pairs -> String.join("&", pairs));
    }

    @Property
    void decodesAsJaxRsDoes(@ForAll("queries") String query) {
        ResteasyUriInfo uri;
        try {
            uri = new ResteasyUriInfo("http://127.0.0.1:8080/apps/42/events?" + query, "/");
        } catch (RuntimeException notAUri) {
            Assume.that(false); // no request line carries it
            return;
        }
        Map<String, List<String>> jaxRs;
        try {
            jaxRs = uri.getQueryParameters();
        } catch (IllegalArgumentException badEscape) { // 400 invalid_uri either way
            assertThrows(IllegalArgumentException.class, () -> QueryStrings.decode("/apps/42/events", query), query);
            return;
        }
        assertEquals(Map.copyOf(jaxRs), Map.copyOf(QueryStrings.decode("/apps/42/events", query)), query);
    }

    @Test
    void anSdkQueryIsDecoded() {
        assertEquals(
                Map.of("auth_key", List.of("k"), "name", List.of("a b+é"), "flag", List.of("")),
                QueryStrings.decode("auth_key=k&name=a+b%2B%C3%A9&flag"));
        assertEquals(Map.of(), QueryStrings.decode(null));
        assertEquals(Map.of(), QueryStrings.decode(""));
    }
}
