package dev.realtime.broker;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * The calling thread's JTA transaction, as the container's {@link
 * TransactionSynchronizationRegistry} reports it. {@code broadcast()} defers its local delivery and
 * publishing to the commit with {@link #afterCommit}; PostgreSQL's transactional publishing asks its
 * {@link #status()} whether to write in the caller's transaction. Thread-safe.
 *
 * <p>The container's registry ({@value #REGISTRY}) is looked up on first use and kept. Where no
 * JNDI provider exists (a plain JVM: unit tests, the standalone consumer) every call is outside a
 * transaction, for good; where the lookup fails otherwise (a thread without the application's
 * naming context) that call is outside a transaction and the next one looks again. Either is logged
 * once.
 *
 * <p>Cost per call: one {@code getTransactionStatus()}; inside a transaction, the first
 * {@link #afterCommit} also registers one interposed {@link Synchronization}, which runs every
 * action of that transaction in order.
 */
public final class CallerTransaction {
    static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    private static final Logger LOG = Logger.getLogger(CallerTransaction.class.getName());
    /** Key of a transaction's {@link Actions} among its registry resources. */
    private static final Object ACTIONS = new Object();

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final boolean fromJndi;
    private volatile TransactionSynchronizationRegistry registry;
    private volatile boolean noJndi;

    private CallerTransaction(TransactionSynchronizationRegistry registry, boolean fromJndi) {
        this.registry = registry;
        this.fromJndi = fromJndi;
    }

    /** The container's transactions, through {@value #REGISTRY} (looked up on first use). */
    public static CallerTransaction container() {
        return new CallerTransaction(null, true);
    }

    /** The transactions {@code registry} reports (a stand-in, in tests). */
    public CallerTransaction(TransactionSynchronizationRegistry registry) {
        this(registry, false);
    }

    /** The calling thread's transaction status, {@link Status#STATUS_NO_TRANSACTION} when unknown. */
    public int status() {
        TransactionSynchronizationRegistry r = registry();
        if (r == null) {
            return Status.STATUS_NO_TRANSACTION;
        }
        try {
            return r.getTransactionStatus();
        } catch (RuntimeException e) {
            warnOnce(Level.WARNING, "the registry cannot tell the transaction status", e);
            return Status.STATUS_NO_TRANSACTION;
        }
    }

    /**
     * In an active transaction, arranges for {@code action} to run after it commits (after every
     * action arranged before it in that transaction; never after a rollback; an exception is
     * logged, never thrown) and returns true. In a transaction marked for rollback, does nothing
     * and returns true: it will never commit. Otherwise (no transaction, or one that is already
     * completing) returns false and does nothing: the caller acts at once.
     */
    public boolean afterCommit(Runnable action) {
        TransactionSynchronizationRegistry r = registry();
        if (r == null) {
            return false;
        }
        try {
            int status = r.getTransactionStatus();
            if (status == Status.STATUS_MARKED_ROLLBACK) {
                return true;
            }
            if (status != Status.STATUS_ACTIVE) {
                return false;
            }
            Actions actions = (Actions) r.getResource(ACTIONS);
            if (actions == null) {
                actions = new Actions();
                r.registerInterposedSynchronization(actions);
                r.putResource(ACTIONS, actions);
            }
            actions.add(action);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot wait for the caller's transaction to commit; acting now", e);
            return false;
        }
    }

    private TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry r = registry;
        if (r != null || !fromJndi || noJndi) {
            return r;
        }
        try {
            r = (TransactionSynchronizationRegistry) new InitialContext().lookup(REGISTRY);
            registry = r;
            return r;
        } catch (NoInitialContextException | LinkageError e) {
            noJndi = true; // not in a container: there is nothing to look up, now or later
            warnOnce(Level.INFO, "there is no JNDI here to look up " + REGISTRY, e);
            return null;
        } catch (NamingException | RuntimeException e) {
            warnOnce(Level.WARNING, REGISTRY + " cannot be looked up on this thread", e);
            return null;
        }
    }

    private static void warnOnce(Level level, String why, Throwable e) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.log(
                    level,
                    () -> "Broadcasts are sent at once, without waiting for a JTA commit, where " + why + " (" + e
                            + "); logged once");
        }
    }

    /** A transaction's actions, run in order once it commits. */
    private static final class Actions implements Synchronization {
        private final List<Runnable> actions = new ArrayList<>(2);

        synchronized void add(Runnable action) {
            actions.add(action);
        }

        @Override
        public void beforeCompletion() {
            // nothing to prepare
        }

        @Override
        public void afterCompletion(int status) {
            List<Runnable> run;
            synchronized (this) {
                run = List.copyOf(actions);
                actions.clear();
            }
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            for (Runnable action : run) {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "An action after the caller's transaction committed failed", e);
                }
            }
        }
    }
}
