package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitedLogTest {
    private final Logger logger = Logger.getLogger("dev.realtime.ops.RateLimitedLogTest." + System.nanoTime());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
    }

    private RateLimitedLog log() {
        return new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
    }

    private List<LogRecord> warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
    }

    @Test
    void theFirstWarningIsLoggedAtOnce() {
        RateLimitedLog log = log();
        assertTrue(log.warn(() -> "first"));
        assertEquals(
                List.of("first"), warnings().stream().map(LogRecord::getMessage).toList());
        assertEquals(0, log.suppressed());
    }

    @Test
    void withinTheIntervalTheRestGoToFineAndAreCounted() {
        RateLimitedLog log = log();
        log.warn(() -> "w0");
        for (int i = 1; i <= 5; i++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertFalse(log.warn(() -> "again"));
        }
        assertEquals(1, warnings().size());
        assertEquals(5, records.stream().filter(r -> r.getLevel() == Level.FINE).count());
        assertEquals(5, log.suppressed());
    }

    @Test
    void afterTheIntervalTheNextWarningCarriesTheCountLeftOut() {
        RateLimitedLog log = log();
        log.warn(() -> "w0");
        log.warn(() -> "w1");
        log.warn(() -> "w2");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(log.warn(() -> "w3"));
        List<LogRecord> warnings = warnings();
        assertEquals(2, warnings.size());
        assertTrue(
                warnings.get(1).getMessage().startsWith("w3 (2 more since the last warning"),
                warnings.get(1).getMessage());
        assertEquals(0, log.suppressed());
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(longs = {1, 9_999_999_999L})
    void oneNanosecondShortOfTheIntervalIsStillSuppressed(long elapsed) {
        RateLimitedLog log = log();
        log.warn(() -> "w0");
        now.addAndGet(elapsed);
        assertFalse(log.warn(() -> "w1"));
        assertEquals(1, warnings().size());
    }

    @Test
    void callSitesAreIndependent() {
        RateLimitedLog drops = log();
        RateLimitedLog failures = log();
        assertTrue(drops.warn(() -> "drop"));
        assertTrue(failures.warn(() -> "failure"));
        assertFalse(drops.warn(() -> "drop"));
        assertEquals(2, warnings().size());
    }

    @Test
    void theCauseIsLogged() {
        RateLimitedLog log = log();
        IllegalStateException cause = new IllegalStateException("boom");
        log.warn(() -> "failed", cause);
        assertSame(cause, warnings().get(0).getThrown());
    }

    @Test
    void aMessageIsNotBuiltWhenFineIsOff() {
        logger.setLevel(Level.INFO);
        RateLimitedLog log = log();
        log.warn(() -> "w0");
        assertFalse(log.warn(() -> {
            throw new AssertionError("built although nothing logs it");
        }));
    }

    @Test
    void aPositiveIntervalIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitedLog(logger, Duration.ZERO, now::get));
    }
}
