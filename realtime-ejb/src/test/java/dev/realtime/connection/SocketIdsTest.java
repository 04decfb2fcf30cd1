package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketIdsTest {

    @Test
    void pusherFormatAndUnique() {
        SocketIds ids = new SocketIds();
        Set<String> seen = new HashSet<>();
        String node = null;
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertTrue(id.matches("\\d{9}\\.\\d+"), id);
            assertTrue(seen.add(id), id);
            String prefix = id.substring(0, id.indexOf('.'));
            if (node == null) {
                node = prefix;
            }
            assertTrue(node.equals(prefix), "one node prefix per generator");
        }
    }

    @Test
    void generatorsUseDifferentNodePrefixes() {
        // 9-digit random prefixes: a collision between a handful of generators is practically impossible
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String id = new SocketIds().next();
            prefixes.add(id.substring(0, id.indexOf('.')));
        }
        assertNotEquals(1, prefixes.size());
    }
}
