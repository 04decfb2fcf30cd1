package dev.realtime.it.app;

import dev.realtime.RealtimeManager;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * What an application does when its broadcasts must follow its transaction: an EJB broadcasts
 * inside its container-managed JTA transaction, which commits or rolls back (on every broker the
 * broadcast is delivered and published only if it commits). The datasource is for PostgreSQL's
 * transactional publishing, which also writes the notification in that transaction: the
 * application's own (here defined by annotation; on a real server usually with jboss-cli or
 * asadmin), named by {@code realtime.postgres.datasource}.
 */
@Stateless
@Path("test/transactional-broadcast")
@DataSourceDefinition(
        name = TransactionalBroadcasts.DATASOURCE,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "jdbc:postgresql://127.0.0.1:5432/postgres",
        user = "postgres",
        password = "")
public class TransactionalBroadcasts {
    public static final String DATASOURCE = "java:app/jdbc/realtime-test";

    @Inject
    RealtimeManager realtime;

    @Resource
    SessionContext context;

    @POST
    public String broadcast(
            @QueryParam("channel") String channel,
            @QueryParam("event") String event,
            @QueryParam("rollback") boolean rollback) {
        realtime.broadcast(channel, event, "in a transaction");
        if (rollback) {
            context.setRollbackOnly();
        }
        return rollback ? "rolled back" : "committed";
    }
}
