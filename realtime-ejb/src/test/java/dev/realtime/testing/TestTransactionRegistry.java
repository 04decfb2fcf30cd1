package dev.realtime.testing;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the container's JTA transactions, as its {@link TransactionSynchronizationRegistry}
 * shows them: the test begins a transaction on the calling thread, and commits or rolls it back;
 * the interposed synchronizations run as a transaction manager runs them. Counts registrations.
 */
public final class TestTransactionRegistry implements TransactionSynchronizationRegistry {
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private int registrations;

    private static final class Transaction {
        int status = Status.STATUS_ACTIVE;
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> synchronizations = new ArrayList<>();
    }

    /** Starts a transaction on the calling thread. */
    public void begin() {
        if (current.get() != null) {
            throw new IllegalStateException("a transaction is already active on this thread");
        }
        current.set(new Transaction());
    }

    /** Commits the calling thread's transaction, which must be active (not marked for rollback). */
    public void commit() {
        Transaction tx = require();
        if (tx.status != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("cannot commit a transaction in status " + tx.status);
        }
        List.copyOf(tx.synchronizations).forEach(Synchronization::beforeCompletion);
        complete(tx, Status.STATUS_COMMITTED);
    }

    /** Rolls back the calling thread's transaction. */
    public void rollback() {
        complete(require(), Status.STATUS_ROLLEDBACK);
    }

    /** Interposed synchronizations registered so far, in every transaction. */
    public synchronized int registrations() {
        return registrations;
    }

    private void complete(Transaction tx, int status) {
        current.remove();
        tx.status = status;
        for (Synchronization s : tx.synchronizations) {
            try {
                s.afterCompletion(status);
            } catch (RuntimeException e) {
                // a transaction manager logs and ignores it; the test sees what it did before
            }
        }
    }

    private Transaction require() {
        Transaction tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("no transaction on this thread");
        }
        return tx;
    }

    @Override
    public Object getTransactionKey() {
        return current.get();
    }

    @Override
    public void putResource(Object key, Object value) {
        require().resources.put(key, value);
    }

    @Override
    public Object getResource(Object key) {
        return require().resources.get(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        Transaction tx = require();
        if (tx.status != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("not active: " + tx.status);
        }
        tx.synchronizations.add(sync);
        synchronized (this) {
            registrations++;
        }
    }

    @Override
    public int getTransactionStatus() {
        Transaction tx = current.get();
        return tx == null ? Status.STATUS_NO_TRANSACTION : tx.status;
    }

    @Override
    public void setRollbackOnly() {
        require().status = Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public boolean getRollbackOnly() {
        return require().status == Status.STATUS_MARKED_ROLLBACK;
    }
}
