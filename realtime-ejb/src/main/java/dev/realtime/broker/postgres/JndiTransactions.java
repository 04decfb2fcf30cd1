package dev.realtime.broker.postgres;

import dev.realtime.broker.CallerTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The container's transactions: {@link CallerTransaction#container()} tells whether the calling
 * thread's JTA transaction is active, and the configured DataSource (a JTA one, by its JNDI name)
 * gives a connection the container enlists in it. Both are looked up once found.
 */
final class JndiTransactions implements CallerTransactions {
    private final String dataSourceName;
    private final CallerTransaction transaction = CallerTransaction.container();
    private volatile DataSource dataSource;

    JndiTransactions(String dataSourceName) {
        this.dataSourceName = dataSourceName;
    }

    @Override
    public CallerTransaction transaction() {
        return transaction;
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
