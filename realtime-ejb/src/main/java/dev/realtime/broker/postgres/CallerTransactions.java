package dev.realtime.broker.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The caller's transaction, for transactional publishing: whether the calling thread runs in an
 * active transaction, and a connection that takes part in it. {@link JndiTransactions} is the JTA
 * one; a test stands in with a plain connection whose commit it drives itself.
 */
public interface CallerTransactions {

    /** Whether the calling thread is in an active transaction; never throws (false when unknown). */
    boolean active();

    /**
     * Whether the calling thread's transaction is marked for rollback: it will never commit. Never
     * throws (false when unknown).
     */
    default boolean rollbackOnly() {
        return false;
    }

    /**
     * Runs {@code action} after the calling thread's active transaction commits, never after a
     * rollback.
     */
    void afterCommit(Runnable action);

    /**
     * A connection enlisted in the calling thread's transaction. The broker closes it after use,
     * which for a JTA DataSource returns the handle while the work stays in the transaction.
     */
    Connection connection() throws SQLException;
}
