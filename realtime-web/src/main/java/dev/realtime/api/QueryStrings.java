package dev.realtime.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a raw query string into parameters the way JAX-RS's {@code UriInfo.getQueryParameters()}
 * does, for requests served outside JAX-RS ({@link PublishFilter}); {@code QueryStringsTest} holds
 * it to RESTEasy's own decoding. Stateless.
 */
final class QueryStrings {
    private QueryStrings() {}

    /**
     * The query of a request URI that {@link URI} accepts, as JAX-RS builds one for each request.
     *
     * @throws IllegalArgumentException when {@link URI} refuses {@code rawPath?rawQuery}, or for a bad
     *     {@code %} escape in the query
     */
    static Map<String, List<String>> decode(String rawPath, String rawQuery) {
        try {
            new URI(rawQuery == null ? rawPath : rawPath + "?" + rawQuery);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return decode(rawQuery);
    }

    /**
     * @param rawQuery the query as sent, without {@code ?}; {@code null} for none
     * @return names to their values in order, names and values percent-decoded ({@code +} is a space)
     * @throws IllegalArgumentException for a bad {@code %} escape
     */
    static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return params;
    }
}
