package dev.realtime.broker.postgres;

import dev.realtime.testing.Services;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL server the tests use (127.0.0.1:5432, trust authentication) and its clean-up. */
public final class PostgresTesting {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private PostgresTesting() {}

    /** Fails (CI) or skips (elsewhere) unless PostgreSQL listens on 127.0.0.1:5432. */
    public static void requireServer() {
        Services.require(
                "PostgreSQL",
                5432,
                "Start it with: apt install postgresql && service postgresql start (trust authentication for"
                        + " user postgres on 127.0.0.1).");
    }

    /** A connection of the test's own, as the superuser. */
    public static Connection admin() throws SQLException {
        return DriverManager.getConnection(URL + "?ApplicationName=realtime-test-admin", "postgres", "");
    }

    /** Drops the table (a run's payload table) if it exists. */
    public static void dropTable(String table) {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS \"" + table + "\"");
        } catch (SQLException e) {
            throw new AssertionError("could not drop table " + table, e);
        }
    }
}
