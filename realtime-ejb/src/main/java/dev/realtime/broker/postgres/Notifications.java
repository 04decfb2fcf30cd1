package dev.realtime.broker.postgres;

import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of the broker, on a connection the caller owns: notifying (in the connection's current
 * transaction, so PostgreSQL delivers on commit), the large-payload table, and its pruning.
 */
final class Notifications {
    /** A table that another node created at the same moment (the catalog's unique index). */
    private static final Set<String> CONCURRENTLY_CREATED = Set.of("23505", "42P07");

    private Notifications() {}

    /** Creates the payload table if it is missing. */
    static void createTable(Connection c, PostgresSettings settings) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, settings.quotedTable());
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return; // created by another node or by an administrator (who may not grant CREATE)
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(
                    "CREATE TABLE IF NOT EXISTS " + settings.quotedTable()
                            + " (id bigserial PRIMARY KEY, created timestamptz NOT NULL DEFAULT now(), payload bytea NOT NULL)");
        } catch (SQLException e) {
            if (!CONCURRENTLY_CREATED.contains(e.getSQLState())) {
                throw e;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
    }

    /**
     * Notifies {@code batch} on the configured channel, in order, in the connection's current
     * transaction: an envelope up to the inline limit is the payload itself, a larger one is
     * inserted into the table and the notification carries a {@link PayloadMarker}.
     */
    static void write(Connection c, PostgresSettings settings, EnvelopeCodec envelopes, List<Message> batch)
            throws SQLException {
        String[] payloads = new String[batch.size()];
        PreparedStatement insert = null;
        try {
            for (int i = 0; i < payloads.length; i++) {
                Message m = batch.get(i);
                byte[] envelope = envelopes.encode(m);
                if (envelope.length <= settings.inlineLimit()) {
                    payloads[i] = new String(envelope, StandardCharsets.UTF_8);
                    continue;
                }
                if (insert == null) {
                    insert = c.prepareStatement(
                            "INSERT INTO " + settings.quotedTable() + " (payload) VALUES (?) RETURNING id");
                }
                insert.setBytes(1, envelope);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    payloads[i] = new PayloadMarker(rs.getLong(1), m.channel()).text();
                }
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
        // One round trip: unnest yields the array in order, and pg_notify runs once per element.
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
            notify.setString(1, settings.channel());
            Array array = c.createArrayOf("text", payloads);
            notify.setArray(2, array);
            notify.executeQuery().close();
            array.free();
        }
    }

    /** The envelopes of the rows {@code ids} that still exist. */
    static Map<Long, byte[]> read(Connection c, PostgresSettings settings, List<Long> ids) throws SQLException {
        Map<Long, byte[]> rows = new HashMap<>();
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, payload FROM " + settings.quotedTable() + " WHERE id = ANY(?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), rs.getBytes(2));
                }
            }
            array.free();
        }
        return rows;
    }

    /** Deletes the rows older than {@code retention}; returns how many. */
    static int prune(Connection c, PostgresSettings settings, Duration retention) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM " + settings.quotedTable() + " WHERE created < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, retention.toMillis() / 1000.0);
            return delete.executeUpdate();
        }
    }
}
