package dev.realtime.broker.postgres;

import dev.realtime.broker.CallerTransaction;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The caller's transaction, for transactional publishing: the calling thread's JTA transaction,
 * and a connection that takes part in it. {@link JndiTransactions} is the container's; a test
 * stands in with a plain connection and a registry whose commit it drives itself.
 */
public interface CallerTransactions {

    /** The calling thread's transaction: whether it is active, and what runs after its commit. */
    CallerTransaction transaction();

    /**
     * A connection enlisted in the calling thread's transaction. The broker closes it after use,
     * which for a JTA DataSource returns the handle while the work stays in the transaction.
     */
    Connection connection() throws SQLException;
}
