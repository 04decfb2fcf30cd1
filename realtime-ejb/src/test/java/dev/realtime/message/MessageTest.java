package dev.realtime.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void requiredFieldsMayNotBeNull() {
        assertThrows(NullPointerException.class, () -> new Message(null, "c", "e", "1", 0, "n", null));
        assertThrows(NullPointerException.class, () -> new Message("i", null, "e", "1", 0, "n", null));
        assertThrows(NullPointerException.class, () -> new Message("i", "c", null, "1", 0, "n", null));
        assertThrows(NullPointerException.class, () -> new Message("i", "c", "e", null, 0, "n", null));
        assertThrows(NullPointerException.class, () -> new Message("i", "c", "e", "1", 0, null, null));
    }

    @Test
    void excludesOnlyTheSender() {
        Message toAll = new Message("i", "c", "e", "1", 0, "n", null);
        assertFalse(toAll.excludes("1.2"));
        assertFalse(toAll.excludes(null));

        Message toOthers = new Message("i", "c", "e", "1", 0, "n", "1.2");
        assertTrue(toOthers.excludes("1.2"));
        assertFalse(toOthers.excludes("1.3"));
        assertFalse(toOthers.excludes(null));
    }

    @Test
    void messageIdsAreUniqueAndDifferPerGenerator() {
        MessageIds ids = new MessageIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ids.next()));
        }
        String a = new MessageIds().next();
        String b = new MessageIds().next();
        assertNotEquals(a, b, "random prefixes differ between generators");
        assertTrue(a.matches("[0-9a-f]{12}-[0-9a-f]+"), a);
    }

    @Test
    void messageIdsAreUniqueAcrossThreads() throws Exception {
        MessageIds ids = new MessageIds();
        int threads = 4;
        int perThread = 5_000;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        seen.add(ids.next());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(threads * perThread, seen.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
