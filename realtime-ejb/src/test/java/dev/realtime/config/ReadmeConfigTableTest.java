package dev.realtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists exactly the keys of {@link Setting}, with their defaults. */
class ReadmeConfigTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(realtime\\.[^`]+)` \\| (`([^`]*)`|\\(empty\\)) \\|.*$");

    @Test
    void readmeTableMatchesSettings() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), m.group(3) == null ? "" : m.group(3));
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            actual.put(s.key(), s.defaultValue());
        }
        assertTrue(documented.size() >= actual.size(), "README table rows: " + documented.keySet());
        assertEquals(actual, documented);
    }
}
