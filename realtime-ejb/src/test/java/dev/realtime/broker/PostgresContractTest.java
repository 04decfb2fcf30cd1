package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.broker.postgres.PostgresTesting;
import dev.realtime.message.Message;
import dev.realtime.transport.memory.MemoryClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker contract on the PostgreSQL server at 127.0.0.1:5432: a NOTIFY channel and a payload
 * table of this run's own (dropped afterwards). The large-payload test's 8100-, 60000- and
 * 150000-character payloads go through the table.
 */
class PostgresContractTest extends BrokerContractTest {

    @Override
    protected void requireServer() {
        PostgresTesting.requireServer();
    }

    @Override
    protected Map<String, String> brokerConfig() {
        return config(run);
    }

    /** The broker config of one run: a NOTIFY channel and payload table of its own. */
    static Map<String, String> config(String run) {
        return Map.of(
                "realtime.broker",
                "postgres",
                "realtime.postgres.url",
                PostgresTesting.URL,
                "realtime.postgres.user",
                "postgres",
                "realtime.postgres.channel",
                "rt_contract_" + run,
                "realtime.postgres.table",
                "rt_payloads_" + run);
    }

    @Override
    @AfterEach
    void stopNodes() throws InterruptedException {
        try {
            super.stopNodes();
        } finally {
            dropTable(run);
        }
    }

    /** Drops the run's payload table. */
    static void dropTable(String run) {
        PostgresTesting.dropTable("rt_payloads_" + run);
    }

    @Test
    void messagesOverTheInlineLimitGoThroughTheTable() throws Exception {
        TestNode a = node("a").awaitConnected();
        TestNode b = node("b").awaitConnected();
        MemoryClient onB = b.client("files");
        for (int size : new int[] {100, 8_100, 60_000, 150_000}) {
            a.manager.broadcast("files", "blob", Map.of("text", "x".repeat(size)));
            Message got = onB.poll(Duration.ofSeconds(30));
            assertEquals(size + 11, got == null ? -1 : got.data().length(), "the payload of " + size + " arrived");
        }
        try (Connection c = PostgresTesting.admin();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM rt_payloads_" + run)) {
            rs.next();
            assertEquals(3, rs.getLong(1), "one row per message over 7999 bytes, none for the small one");
        }
    }
}
