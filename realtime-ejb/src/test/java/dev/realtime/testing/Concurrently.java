package dev.realtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a test body on several threads released together by one latch, and waits for all of them. */
public final class Concurrently {

    /** One thread's part; {@code thread} counts from 0. */
    @FunctionalInterface
    public interface Body {
        void run(int thread) throws Exception;
    }

    private Concurrently() {}

    /**
     * Starts {@code threads} threads that wait for each other, runs {@code body} on each, and waits
     * for all (60 s at most, so a deadlock fails the test instead of hanging the build).
     *
     * @throws java.util.concurrent.ExecutionException with the first body's failure
     */
    public static void run(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
