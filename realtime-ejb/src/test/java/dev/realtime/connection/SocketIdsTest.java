package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketIdsTest {
    private static final long JS_SAFE = 1L << 53;

    @Test
    void pusherFormatTwoIntegersJavaScriptHoldsExactly() {
        SocketIds ids = new SocketIds();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertTrue(id.matches("[1-9]\\d{15}\\.[1-9]\\d{15}"), id);
            for (String part : id.split("\\.")) {
                assertTrue(Long.parseLong(part) < JS_SAFE, id + " exceeds 2^53");
            }
        }
    }

    @Test
    void unique() {
        SocketIds ids = new SocketIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = ids.next();
            assertTrue(seen.add(id), "repeated " + id);
        }
    }

    @Test
    void consecutiveIdsShareNothingAndAreNotSequential() {
        SocketIds ids = new SocketIds();
        List<long[]> parts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String[] id = ids.next().split("\\.");
            parts.add(new long[] {Long.parseLong(id[0]), Long.parseLong(id[1])});
        }
        Set<Long> prefixes = new HashSet<>();
        for (int i = 1; i < parts.size(); i++) {
            long[] before = parts.get(i - 1);
            long[] after = parts.get(i);
            prefixes.add(after[0]);
            assertNotEquals(before[0], after[0], "a shared prefix, like a per-node one");
            assertTrue(Math.abs(after[1] - before[1]) > 1_000_000, "a counter-like step");
        }
        assertEquals(parts.size() - 1, prefixes.size(), "every first part differs");
    }

    @Test
    void twoGeneratorsDoNotRepeatEachOther() {
        SocketIds a = new SocketIds();
        SocketIds b = new SocketIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(a.next()));
            assertTrue(seen.add(b.next()));
        }
    }
}
