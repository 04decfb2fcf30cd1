package dev.realtime.broker.postgres;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The container's transactions: {@code java:comp/TransactionSynchronizationRegistry} tells whether
 * the calling thread's JTA transaction is active, and the configured DataSource (a JTA one, by
 * its JNDI name) gives a connection the container enlists in it. Both are looked up once found.
 */
final class JndiTransactions implements CallerTransactions {
    private static final Logger LOG = Logger.getLogger(JndiTransactions.class.getName());
    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    private final String dataSourceName;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile TransactionSynchronizationRegistry registry;
    private volatile DataSource dataSource;

    JndiTransactions(String dataSourceName) {
        this.dataSourceName = dataSourceName;
    }

    @Override
    public boolean active() {
        return status() == Status.STATUS_ACTIVE;
    }

    @Override
    public boolean rollbackOnly() {
        return status() == Status.STATUS_MARKED_ROLLBACK;
    }

    /** The calling thread's transaction status, {@code STATUS_NO_TRANSACTION} when unknown. */
    private int status() {
        try {
            TransactionSynchronizationRegistry r = registry;
            if (r == null) {
                r = (TransactionSynchronizationRegistry) new InitialContext().lookup(REGISTRY);
                registry = r;
            }
            return r.getTransactionStatus();
        } catch (NamingException | RuntimeException | LinkageError e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warning(() -> "Transactional publishing is configured, but " + REGISTRY
                        + " cannot be looked up here (" + e + "); publishing asynchronously instead");
            }
            return Status.STATUS_NO_TRANSACTION;
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        action.run();
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.WARNING, "Delivering a broadcast after its transaction committed failed", e);
                    }
                }
            }
        });
    }

    @Override
    public Connection connection() throws SQLException {
        DataSource ds = dataSource;
        if (ds == null) {
            try {
                ds = (DataSource) new InitialContext().lookup(dataSourceName);
            } catch (NamingException | ClassCastException e) {
                throw new SQLException("DataSource " + dataSourceName + " cannot be looked up: " + e, e);
            }
            dataSource = ds;
        }
        return ds.getConnection();
    }
}
