package dev.realtime.web.health;

import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.config.SettingReader;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Readiness;
import dev.realtime.transport.io.WritePaths;
import dev.realtime.web.admission.Admission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * {@code GET /realtime/health}: this node's view of the cluster: the broker's state and counters and
 * whether this node's consumer job runs and how far behind it is, local deliveries (handed to
 * connections, and dropped under the {@code drop} outbound policy) and the WebSocket write path in
 * use ({@code native} or {@code portable}), and admission control's counts ({@code admission}:
 * connections open, addresses tracked, admitted, released, refused by reason), and whether the node is
 * {@code draining}. 200 while the broker is connected
 * (always with {@code none}), 503 when it is not, so a load balancer can take the node out.
 *
 * <p>{@code GET /realtime/health/live}: 200 while the deployment runs. {@code GET
 * /realtime/health/ready}: 200, or 503 with the reasons ({@link Readiness}). These are the stable
 * probe paths on every server: WildFly's {@code standalone-full.xml} has no MicroProfile Health.
 */
@Path("realtime/health")
@RequestScoped
public class HealthResource {

    @Inject
    RealtimeNode node;

    @Inject
    WritePaths writePaths;

    @Inject
    Admission admission;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        BrokerStats broker = node.brokerStats();
        ConsumerActivity.Snapshot consumer = node.consumerActivity().snapshot();
        OutboundLimits outbound = node.outbound();
        String body = "{\"node\":" + Json.quote(node.settings().nodeId())
                + ",\"status\":" + (broker.connected() ? "\"up\"" : "\"broker-down\"")
                + ",\"draining\":" + node.drain().draining()
                + ",\"connections\":" + node.getConnectionCount()
                + ",\"broker\":" + broker.toJson()
                + ",\"consumer\":{\"running\":" + (consumer.running() > 0)
                + ",\"since\":" + instant(consumer.since())
                + ",\"lastPoll\":" + instant(consumer.lastPoll())
                + ",\"channels\":" + Json.quote(consumer.channels())
                + ",\"polled\":" + consumer.polled()
                + ",\"delivered\":" + consumer.delivered()
                + ",\"lag\":" + consumer.lag() + "}"
                + ",\"delivery\":{\"delivered\":" + node.deliveredCount()
                + ",\"dropped\":" + outbound.droppedCount()
                + ",\"queuedBytes\":" + outbound.nodeHeld()
                + ",\"policy\":" + Json.quote(SettingReader.optionName(outbound.policy())) + "}"
                + ",\"websocket\":{\"writePath\":" + Json.quote(writePaths.name()) + "}"
                + ",\"admission\":" + admission.healthJson()
                + ",\"cluster\":" + node.cluster().healthJson()
                + ",\"webhooks\":" + node.webhooks().healthJson()
                + ",\"history\":" + node.channelHistory().healthJson() + "}";
        return Response.status(broker.connected() ? 200 : 503)
                .entity(body)
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** Liveness: the deployment answers. */
    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public String live() {
        return "{\"status\":\"live\",\"node\":" + Json.quote(node.settings().nodeId()) + "}";
    }

    /** Readiness: 200 when every rule of {@link Readiness} holds, else 503 with the reasons. */
    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        Readiness readiness = Readiness.of(
                node.settings().ops(),
                node.brokerStats(),
                node.consumerActivity().snapshot(),
                node.drain().draining());
        return Response.status(readiness.status())
                .entity(readiness.toJson(node.settings().nodeId()))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    private static String instant(Instant at) {
        return at == null ? "null" : Json.quote(at.toString());
    }
}
