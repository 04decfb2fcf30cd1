package dev.realtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table in {@code docs/configuration.md} is {@link Setting} rendered: one row per constant, in
 * the enum's order, with its key, default and description. On a difference the failure shows the
 * table as it should be, ready to paste. And every key the README and {@code docs/} name is one of
 * them.
 */
class ConfigurationTableTest {
    static final Path PAGE = Path.of("..", "docs", "configuration.md");
    static final String HEADER = "| key | default | meaning |";

    @Test
    void tableIsTheSettingEnum() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, PAGE + " has no line " + HEADER);
        assertEquals(1, lines.stream().filter(HEADER::equals).count(), PAGE + " has one settings table");
        List<String> documented = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            documented.add(lines.get(i));
        }
        List<String> expected =
                Arrays.stream(Setting.values()).map(ConfigurationTableTest::row).toList();
        assertEquals(
                String.join("\n", expected),
                String.join("\n", documented),
                PAGE + ": the rows under " + HEADER + " must be Setting rendered (expected first)");
    }

    /** A key in backticks, as the pages write it: {@code `realtime.x.y`}, {@code `-Drealtime.x.y=…`}. */
    static final Pattern NAMED = Pattern.compile("`(?:-D)?(realtime\\.[a-z0-9.-]*[a-z0-9])(?:=[^`]*)?`");

    @Test
    void everyKeyTheDocsNameExists() throws IOException {
        Set<String> keys = Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet());
        Set<String> families = keys.stream().map(k -> k.split("\\.")[1]).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        List<Path> pages;
        try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
            pages = Stream.concat(Stream.of(Path.of("..", "README.md")), docs.filter(p -> p.toString()
                            .endsWith(".md")))
                    .toList();
        }
        for (Path page : pages) {
            Matcher m = NAMED.matcher(Files.readString(page));
            while (m.find()) {
                String key = m.group(1);
                boolean family = families.contains(key.split("\\.")[1]); // not a NATS subject like realtime.user.42
                boolean kafkaPassThrough = key.startsWith("realtime.kafka.");
                if (family && !kafkaPassThrough && !keys.contains(key)) {
                    unknown.add(key + " in " + page.getFileName());
                }
            }
        }
        assertEquals(Set.of(), unknown, "keys named in the docs that Setting does not have");
    }

    /** One table row: {@code | `key` | `default` | description |}, {@code (empty)} for no default. */
    static String row(Setting s) {
        String value = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
        return "| `" + s.key() + "` | " + value + " | " + s.description() + " |";
    }
}
