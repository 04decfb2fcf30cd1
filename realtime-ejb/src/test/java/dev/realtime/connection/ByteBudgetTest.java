package dev.realtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Byte budgets: a client's bytes bounded by its own limit and by the node's total, every byte going
 * back to the node exactly once whatever the order of releases and the close.
 */
class ByteBudgetTest {

    @Test
    void aReservationMustFitTheClientsLimit() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 100, 1_000_000);
        ByteBudget budget = limits.budget();
        assertTrue(budget.tryReserve(60));
        assertFalse(budget.tryReserve(41), "60 + 41 is over the client's 100");
        assertTrue(budget.tryReserve(40));
        assertEquals(100, budget.held());
        assertEquals(100, limits.nodeHeld());
        budget.release(60);
        assertEquals(40, budget.held());
        assertEquals(40, limits.nodeHeld());
    }

    @Test
    void aReservationMustFitTheNodesTotalAcrossClients() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 100, 150);
        ByteBudget a = limits.budget();
        ByteBudget b = limits.budget();
        assertTrue(a.tryReserve(100));
        assertFalse(b.tryReserve(60), "the node has 50 left");
        assertEquals(0, b.held(), "a refused reservation holds nothing");
        assertEquals(100, limits.nodeHeld(), "nor does it leave anything on the node");
        assertTrue(b.tryReserve(50));
        a.close();
        assertEquals(50, limits.nodeHeld(), "a closed client gives its bytes back");
        assertTrue(b.tryReserve(50));
    }

    @Test
    void closeReturnsEverythingOnceAndRefusesLaterReservations() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 100, 1000);
        ByteBudget budget = limits.budget();
        budget.tryReserve(70);
        budget.close();
        budget.close();
        budget.release(70); // a write completing after the close
        assertEquals(0, limits.nodeHeld());
        assertFalse(budget.tryReserve(1));
        assertEquals(0, limits.nodeHeld());
    }

    @Test
    void concurrentReservationsReleasesAndACloseLeaveTheNodeAtZero() throws Exception {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 10_000, 50_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<ByteBudget> budgets = new ArrayList<>();
            List<Future<?>> work = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < 8; t++) {
                ByteBudget budget = limits.budget();
                budgets.add(budget);
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (budget.tryReserve(7)) {
                            budget.release(7);
                        }
                        if (i == 10_000 && budgets.indexOf(budget) % 2 == 0) {
                            budget.close(); // half of them close mid-way, racing their own releases
                        }
                    }
                    budget.tryReserve(5); // left held: the close below returns it
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(limits.nodeHeld() >= 0);
            budgets.forEach(ByteBudget::close);
            assertEquals(0, limits.nodeHeld(), "every byte went back exactly once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueueIsBoundedInBytesAndItsCloseGivesTheWaitingBytesBack() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.DROP, 10, 1000);
        OutboundPolicyTest.HeldWriter writer = new OutboundPolicyTest.HeldWriter();
        OutboundQueue<String> q = limits.queue(0, String::length, writer, () -> {});
        writer.queue = q;
        assertTrue(q.offer("in-flight-and-not-counted"));
        assertTrue(q.offer("aaaa"));
        assertTrue(q.offer("bbbbbb"));
        assertFalse(q.offer("c"), "4 + 6 bytes wait: one more is over the 10");
        assertEquals(1, limits.droppedCount());
        assertEquals(10, q.bytes());
        writer.complete(); // "aaaa" leaves the queue for the writer
        assertEquals(6, q.bytes());
        assertEquals(6, limits.nodeHeld());
        assertTrue(q.offer("dddd"));
        q.close();
        assertEquals(0, limits.nodeHeld());
        assertFalse(q.offer("e"), "a closed queue refuses");
        assertEquals(1, limits.droppedCount(), "without counting a drop");
    }

    @Test
    void underCloseAQueueOverItsBytesClosesTheConnectionOnce() {
        OutboundLimits limits = new OutboundLimits(1000, OutboundPolicy.CLOSE, 10, 1000);
        OutboundPolicyTest.HeldWriter writer = new OutboundPolicyTest.HeldWriter();
        int[] closes = {0};
        OutboundQueue<String> q = limits.queue(0, String::length, writer, () -> closes[0]++);
        writer.queue = q;
        q.offer("first");
        q.offer("0123456789");
        assertFalse(q.offer("x"));
        assertFalse(q.offer("y"));
        assertEquals(1, closes[0]);
    }
}
