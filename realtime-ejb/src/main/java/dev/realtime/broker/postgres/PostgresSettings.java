package dev.realtime.broker.postgres;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.config.SettingReader;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The PostgreSQL broker's configuration.
 *
 * @param url JDBC URL, {@code jdbc:postgresql://host:port/database[?…]}
 * @param user user of the broker's own connections
 * @param password that user's password; empty for none
 * @param channel the NOTIFY channel, a lower-case identifier
 * @param table the large-payload table, {@code name} or {@code schema.name}, lower case
 * @param inlineLimit largest envelope in bytes sent inside the notification
 * @param retention how long a large payload's row is kept
 * @param timeout connect and statement (socket) timeout
 * @param dataSource JNDI name of the JTA DataSource for transactional publishing
 * @param transactional whether a publish inside an active JTA transaction goes through {@code dataSource}
 * @param nodeId this node's id, part of the connections' {@code ApplicationName}
 * @param publishQueue capacity of the publish hand-off
 * @param publishBatch most messages sent in one transaction
 */
public record PostgresSettings(
        String url,
        String user,
        String password,
        String channel,
        String table,
        int inlineLimit,
        Duration retention,
        Duration timeout,
        Optional<String> dataSource,
        boolean transactional,
        String nodeId,
        int publishQueue,
        int publishBatch) {

    /** NOTIFY refuses a payload of 8000 bytes or more. */
    public static final int MAX_INLINE = 7999;

    /** PostgreSQL truncates identifiers (and application names) to 63 bytes. */
    static final int MAX_IDENTIFIER = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public PostgresSettings {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Configuration " + Setting.POSTGRES_URL.key() + "=" + url
                    + " must look like jdbc:postgresql://host:port/database");
        }
        checkIdentifier(Setting.POSTGRES_CHANNEL, channel, channel);
        int dot = table.indexOf('.');
        if (dot < 0) {
            checkIdentifier(Setting.POSTGRES_TABLE, table, table);
        } else {
            checkIdentifier(Setting.POSTGRES_TABLE, table, table.substring(0, dot));
            checkIdentifier(Setting.POSTGRES_TABLE, table, table.substring(dot + 1));
        }
        if (inlineLimit < 0 || inlineLimit > MAX_INLINE) {
            throw new IllegalArgumentException("Configuration " + Setting.POSTGRES_INLINE_LIMIT.key() + "="
                    + inlineLimit + " must be between 0 and " + MAX_INLINE + " (NOTIFY's payload limit)");
        }
        if (transactional && dataSource.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.POSTGRES_TRANSACTIONAL.key()
                    + "=true needs " + Setting.POSTGRES_DATASOURCE.key()
                    + " (the JNDI name of a JTA DataSource on the same database)");
        }
    }

    public static PostgresSettings from(RealtimeSettings settings) {
        SettingReader r = settings.source();
        String dataSource = r.text(Setting.POSTGRES_DATASOURCE);
        return new PostgresSettings(
                r.text(Setting.POSTGRES_URL),
                r.text(Setting.POSTGRES_USER),
                r.text(Setting.POSTGRES_PASSWORD),
                r.text(Setting.POSTGRES_CHANNEL),
                r.text(Setting.POSTGRES_TABLE),
                (int) r.number(Setting.POSTGRES_INLINE_LIMIT, 0, MAX_INLINE),
                r.millis(Setting.POSTGRES_RETENTION),
                Duration.ofMillis(r.number(Setting.POSTGRES_TIMEOUT, 1, Integer.MAX_VALUE)),
                dataSource.isEmpty() ? Optional.empty() : Optional.of(dataSource),
                r.bool(Setting.POSTGRES_TRANSACTIONAL),
                settings.nodeId(),
                r.positive(Setting.BROKER_QUEUE),
                r.positive(Setting.BROKER_BATCH));
    }

    /** The channel as an SQL identifier for {@code LISTEN}/{@code UNLISTEN}. */
    String quotedChannel() {
        return '"' + channel + '"';
    }

    /** The table as an SQL name ({@code "schema"."name"}). */
    String quotedTable() {
        return '"' + table.replace(".", "\".\"") + '"';
    }

    /**
     * Properties of a broker connection; {@code role} ends its {@code ApplicationName}
     * ({@code realtime <node> <role>}), so an operator (or a test) can find this node's backends
     * in {@code pg_stat_activity}.
     */
    Properties connectionProperties(String role) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName(role));
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        p.setProperty("connectTimeout", String.valueOf(seconds));
        p.setProperty("socketTimeout", String.valueOf(seconds));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** {@code realtime <node id> <role>}, cut to what PostgreSQL keeps (63 bytes). */
    String applicationName(String role) {
        String name = "realtime " + nodeId + " " + role;
        // ApplicationName must be ASCII-safe to match pg_stat_activity; PostgreSQL keeps 63 bytes.
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX_IDENTIFIER; i++) {
            char c = name.charAt(i);
            out.append(c >= 32 && c < 127 ? c : '?');
        }
        return out.toString();
    }

    private static void checkIdentifier(Setting setting, String value, String name) {
        if (!IDENTIFIER.matcher(name).matches() || name.length() > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("Configuration " + setting.key() + "=" + value
                    + " must be a lower-case SQL identifier (a-z, 0-9, _; not starting with a digit; at most "
                    + MAX_IDENTIFIER + " characters)");
        }
    }
}
