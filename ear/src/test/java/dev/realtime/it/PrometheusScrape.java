package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code /realtime/metrics} as Prometheus text: every line must be a HELP/TYPE comment or a sample. */
final class PrometheusScrape {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\""
                    + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*})?) (-?[0-9]+)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    private PrometheusScrape() {}

    /** Series (name with its labels, as written) to value; fails on anything that is not Prometheus text. */
    static Map<String, Long> metrics(Server server) {
        HttpResponse<String> response = server.get("realtime/metrics");
        assertEquals(200, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
        Map<String, Long> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not Prometheus text: " + line);
            samples.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return samples;
    }

    /** The value of {@code series}, 0 when the node has not written it (a label value not seen yet). */
    static long value(Map<String, Long> samples, String series) {
        return samples.getOrDefault(series, 0L);
    }
}
