package dev.realtime.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.admission.AdmissionControl.Ticket;
import dev.realtime.config.AdmissionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private AdmissionControl control(int perAddress, int perNode, int rate, int burst, int tracked) {
        return new AdmissionControl(
                new AdmissionSettings(perAddress, perNode, rate, burst, tracked, List.of(), 64, 10), now::get);
    }

    private static AddressKey v4(int last) {
        return AddressKey.of(new byte[] {10, 0, 0, (byte) last}, 64);
    }

    @Test
    void perAddressQuotaRefusesWith429And4004AndFreesOnClose() {
        AdmissionControl control = control(2, 100, 100, 100, 100);
        Ticket a = control.admit(v4(1));
        Ticket b = control.admit(v4(1));
        AdmissionRefusedException refused = assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(1)));
        assertEquals(Refusal.ADDRESS_QUOTA, refused.refusal());
        assertEquals(429, refused.refusal().httpStatus());
        assertEquals(4004, refused.refusal().pusherCode());
        assertEquals(10, refused.retryAfterSeconds());
        control.admit(v4(2)).close(); // another address is not affected
        assertEquals(2, control.openCount(v4(1)));
        a.close();
        control.admit(v4(1));
        assertEquals(2, control.openCount(v4(1)));
        assertEquals(1, control.refusedCount(Refusal.ADDRESS_QUOTA));
        b.close();
    }

    @Test
    void whileDrainingEveryConnectionIsRefusedWith503And4100AndNothingIsHeld() {
        AdmissionControl control = control(10, 100, 100, 100, 100);
        AtomicBoolean draining = new AtomicBoolean();
        control.refuseWhile(draining::get);
        Ticket before = control.admit(v4(1));
        draining.set(true);
        AdmissionRefusedException refused = assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(2)));
        assertEquals(Refusal.DRAINING, refused.refusal());
        assertEquals(503, refused.refusal().httpStatus());
        assertEquals(4100, refused.refusal().pusherCode(), "pusher-js backs off, not a tight loop as on 4200");
        assertThrows(AdmissionRefusedException.class, () -> control.admit(null));
        assertEquals(2, control.refusedCount(Refusal.DRAINING));
        assertEquals(1, control.openCount(), "the connection from before is still held until it goes");
        before.close();
        assertEquals(0, control.openCount());
    }

    @Test
    void nodeLimitRefusesWith503AndCountsEveryAddress() {
        AdmissionControl control = control(10, 3, 100, 100, 100);
        control.admit(v4(1));
        control.admit(v4(2));
        Ticket unknown = control.admit(null); // an unknown address counts against the node only
        AdmissionRefusedException refused = assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(3)));
        assertEquals(Refusal.NODE_FULL, refused.refusal());
        assertEquals(503, refused.refusal().httpStatus());
        assertEquals(4100, refused.refusal().pusherCode());
        assertEquals(3, control.openCount());
        unknown.close();
        control.admit(v4(3));
        assertEquals(3, control.openCount());
    }

    @Test
    void handshakeRateIsATokenBucketPerAddress() {
        AdmissionControl control = control(1000, 1000, 2, 3, 100);
        for (int i = 0; i < 3; i++) {
            control.admit(v4(1)).close();
        }
        AdmissionRefusedException refused = assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(1)));
        assertEquals(Refusal.RATE, refused.refusal());
        assertEquals(4301, refused.refusal().pusherCode());
        assertEquals(1, refused.retryAfterSeconds(), "half a second to the next token, rounded up");
        control.admit(v4(2)).close(); // its own bucket
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // one token back at 2 per second
        control.admit(v4(1)).close();
        assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(1)));
        now.addAndGet(TimeUnit.SECONDS.toNanos(60)); // refills to the burst, no more
        for (int i = 0; i < 3; i++) {
            control.admit(v4(1)).close();
        }
        assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(1)));
        assertEquals(0, control.openCount(), "refused handshakes are never counted as open");
    }

    @Test
    void ticketIsReleasedExactlyOnceHoweverOftenItIsClosed() throws Exception {
        AdmissionControl control = control(5, 5, 1000, 1000, 100);
        Ticket ticket = control.admit(v4(1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            closers.add(pool.submit(() -> {
                start.await();
                ticket.close();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : closers) {
            f.get(10, TimeUnit.SECONDS);
        }
        ticket.close();
        assertTrue(ticket.isClosed());
        assertEquals(0, control.openCount());
        assertEquals(0, control.openCount(v4(1)));
        assertEquals(1, control.releasedCount());
        assertEquals(1, control.admittedCount());
    }

    @Test
    void concurrentAdmitsNeverExceedTheQuota() throws Exception {
        AdmissionControl control = control(50, 10_000, 100_000, 100_000, 100);
        List<Future<List<Ticket>>> workers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                start.await();
                List<Ticket> mine = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    try {
                        mine.add(control.admit(v4(1)));
                    } catch (AdmissionRefusedException e) {
                        // over the quota
                    }
                }
                return mine;
            }));
        }
        start.countDown();
        List<Ticket> all = new ArrayList<>();
        for (Future<List<Ticket>> f : workers) {
            all.addAll(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(50, all.size());
        assertEquals(750, control.refusedCount(Refusal.ADDRESS_QUOTA));
        all.forEach(Ticket::close);
        assertEquals(0, control.openCount());
    }

    @Test
    void manyAddressesCannotGrowTheTableBeyondItsCap() {
        AdmissionControl control = control(10, 100_000, 10, 10, 100);
        for (int i = 0; i < 5000; i++) {
            byte[] ipv6 = new byte[16];
            ipv6[0] = 0x20;
            ipv6[1] = 0x01;
            ipv6[6] = (byte) (i >> 8);
            ipv6[7] = (byte) i; // a new /64 each time
            control.admit(AddressKey.of(ipv6, 64)).close();
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            assertTrue(control.trackedCount() <= 100, "tracked " + control.trackedCount());
        }
        assertEquals(0, control.refusedCount(Refusal.NODE_FULL), "idle addresses make room");
    }

    @Test
    void aFullTableOfOpenAddressesRefusesNewOnesAsNodeFull() {
        AdmissionControl control = control(10, 100_000, 10, 10, 3);
        for (int i = 1; i <= 3; i++) {
            control.admit(v4(i));
        }
        AdmissionRefusedException refused = assertThrows(AdmissionRefusedException.class, () -> control.admit(v4(9)));
        assertEquals(Refusal.NODE_FULL, refused.refusal());
        control.admit(v4(1)); // a tracked address still gets in
        assertEquals(4, control.openCount());
    }

    @Test
    void idleAddressesAreForgottenOnceTheirBucketIsFull() {
        AdmissionControl control = control(10, 100, 10, 10, 100);
        control.admit(v4(1)).close();
        Ticket held = control.admit(v4(2));
        assertEquals(2, control.trackedCount());
        now.addAndGet(AdmissionControl.SWEEP_NANOS + 1);
        control.admit(v4(3)).close(); // the sweep runs on the way
        assertEquals(2, control.trackedCount(), "10.0.0.1 forgotten, 10.0.0.2 holds a connection");
        assertEquals(1, control.openCount(v4(2)));
        held.close();
    }
}
