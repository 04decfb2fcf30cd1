package dev.realtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table in {@code docs/configuration.md} is {@link Setting} rendered: one row per constant, in
 * the enum's order, with its key, default and description. On a difference the failure shows the
 * table as it should be, ready to paste.
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

    /** One table row: {@code | `key` | `default` | description |}, {@code (empty)} for no default. */
    static String row(Setting s) {
        String value = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
        return "| `" + s.key() + "` | " + value + " | " + s.description() + " |";
    }
}
