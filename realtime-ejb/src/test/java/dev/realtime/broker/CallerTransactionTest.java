package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.testing.TestTransactionRegistry;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calling thread's transaction, against a stand-in registry, and without any (a plain JVM). */
class CallerTransactionTest {
    private final TestTransactionRegistry registry = new TestTransactionRegistry();
    private final CallerTransaction transaction = new CallerTransaction(registry);
    private final List<String> ran = new ArrayList<>();

    @Test
    void outsideATransactionNothingIsDeferred() {
        assertEquals(Status.STATUS_NO_TRANSACTION, transaction.status());
        assertFalse(transaction.afterCommit(() -> ran.add("a")), "the caller acts at once");
        assertEquals(List.of(), ran);
        assertEquals(0, registry.registrations());
    }

    @Test
    void inAnActiveTransactionActionsRunAfterTheCommitInOrderWithOneSynchronization() {
        registry.begin();
        assertEquals(Status.STATUS_ACTIVE, transaction.status());
        for (String name : List.of("a", "b", "c")) {
            assertTrue(transaction.afterCommit(() -> ran.add(name)));
        }
        assertEquals(List.of(), ran, "nothing before the commit");
        registry.commit();
        assertEquals(List.of("a", "b", "c"), ran, "once each, in the order arranged");
        assertEquals(1, registry.registrations(), "one synchronization per transaction");

        registry.begin();
        assertTrue(transaction.afterCommit(() -> ran.add("d")));
        registry.commit();
        assertEquals(List.of("a", "b", "c", "d"), ran, "a new transaction has its own actions");
        assertEquals(2, registry.registrations());
    }

    @Test
    void aRollbackRunsNothing() {
        registry.begin();
        assertTrue(transaction.afterCommit(() -> ran.add("a")));
        registry.rollback();
        assertEquals(List.of(), ran);
        assertFalse(transaction.afterCommit(() -> ran.add("after")), "no transaction any more");
        assertEquals(List.of(), ran);
    }

    @Test
    void aTransactionMarkedForRollbackTakesNothing() {
        registry.begin();
        registry.setRollbackOnly();
        assertEquals(Status.STATUS_MARKED_ROLLBACK, transaction.status());
        assertTrue(transaction.afterCommit(() -> ran.add("a")), "handled: it will never commit");
        assertEquals(0, registry.registrations());
        registry.rollback();
        assertEquals(List.of(), ran);
    }

    @Test
    void aFailingActionIsLoggedAndTheOthersStillRun() {
        registry.begin();
        transaction.afterCommit(() -> {
            throw new IllegalStateException("test: a failing action");
        });
        transaction.afterCommit(() -> ran.add("b"));
        assertDoesNotThrow(registry::commit);
        assertEquals(List.of("b"), ran);
    }

    @Test
    void aRegistryThatFailsMeansActingAtOnce() {
        CallerTransaction broken = new CallerTransaction(new BrokenRegistry());
        assertEquals(Status.STATUS_NO_TRANSACTION, broken.status());
        assertFalse(broken.afterCommit(() -> ran.add("a")));
    }

    @Test
    void withoutJndiThereIsNeverATransaction() {
        CallerTransaction container = CallerTransaction.container();
        for (int i = 0; i < 3; i++) {
            assertEquals(Status.STATUS_NO_TRANSACTION, container.status());
            assertFalse(container.afterCommit(() -> ran.add("a")));
        }
        assertEquals(List.of(), ran);
    }

    /** A registry that throws on every call, as one would on a thread it does not know. */
    private static final class BrokenRegistry implements TransactionSynchronizationRegistry {
        @Override
        public Object getTransactionKey() {
            throw new IllegalStateException("test");
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new IllegalStateException("test");
        }

        @Override
        public Object getResource(Object key) {
            throw new IllegalStateException("test");
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            throw new IllegalStateException("test");
        }

        @Override
        public int getTransactionStatus() {
            throw new IllegalStateException("test");
        }

        @Override
        public void setRollbackOnly() {
            throw new IllegalStateException("test");
        }

        @Override
        public boolean getRollbackOnly() {
            throw new IllegalStateException("test");
        }
    }
}
