package dev.realtime.ops;

import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.cluster.Cluster;
import dev.realtime.connection.Disconnect;
import dev.realtime.connection.Disconnects;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.node.RealtimeNode;
import dev.realtime.webhook.Webhooks;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's counters as Prometheus metrics ({@code realtime_*}): the same accessors
 * {@code /realtime/health} reads, so both always agree; docs/operations.md lists each metric
 * with its health field. No label has unbounded values: transports and reasons only, never
 * channels or users.
 */
public final class NodeMetrics {
    private NodeMetrics() {}

    /** Writes the node's metrics; the web module adds its own (admission, HTTP API) after them. */
    public static void write(RealtimeNode node, PrometheusText out) {
        transports(node, out);
        OutboundLimits outbound = node.outbound();
        out.counter(
                        "realtime_deliveries_total",
                        "Messages handed to this node's connections, one per recipient.",
                        node.deliveredCount())
                .counter(
                        "realtime_outbound_dropped_total",
                        "Deliveries dropped by the drop outbound policy (a client's queue was full).",
                        outbound.droppedCount())
                .gauge(
                        "realtime_outbound_queued_bytes",
                        "Bytes waiting to be written to this node's clients.",
                        outbound.nodeHeld())
                .counter(
                        "realtime_client_events_total",
                        "Client events (client-*) accepted and broadcast.",
                        node.clientEventCount())
                .gauge(
                        "realtime_presence_members",
                        "Members of every presence channel in the cluster (distinct users per channel, summed).",
                        node.presence().memberCount());
        disconnects(node.disconnects(), out);
        AuthRefusals refusals = node.authRefusals();
        out.family("realtime_auth_refusals_total", "counter", "Refused authentications and authorizations, by kind.");
        for (AuthRefusals.Kind kind : AuthRefusals.Kind.values()) {
            out.sample("realtime_auth_refusals_total", "kind", kind.label(), refusals.count(kind));
        }
        broker(node.brokerStats(), out);
        consumer(node.consumerActivity().snapshot(), out);
        Cluster cluster = node.cluster();
        out.gauge(
                        "realtime_cluster_nodes",
                        "Nodes this node hears from, itself included.",
                        cluster.nodes().size())
                .gauge(
                        "realtime_cluster_connections",
                        "Connections on every node (the others' as of their last heartbeat).",
                        cluster.connectionCount())
                .counter(
                        "realtime_cluster_ignored_total",
                        "Cluster messages ignored (malformed, too old, from too many nodes).",
                        cluster.ignoredCount());
        Webhooks.Counts hooks = node.webhooks().counts();
        out.family("realtime_webhook_events_total", "counter", "Webhook events, by outcome.");
        out.sample("realtime_webhook_events_total", "outcome", "sent", hooks.sent());
        out.sample("realtime_webhook_events_total", "outcome", "failed", hooks.failed());
        out.sample("realtime_webhook_events_total", "outcome", "dropped", hooks.dropped());
        out.gauge("realtime_webhook_pending", "Webhook events waiting to be sent.", hooks.pending());
    }

    private static void transports(RealtimeNode node, PrometheusText out) {
        Map<String, long[]> counts = new TreeMap<>(node.connectionsByTransport());
        node.settings().transports().forEach(t -> counts.putIfAbsent(t, new long[2]));
        out.family("realtime_connections", "gauge", "Connections open on this node, by transport.");
        counts.forEach((t, c) -> out.sample("realtime_connections", "transport", t, c[0]));
        out.family(
                "realtime_subscriptions", "gauge", "Channel subscriptions of this node's connections, by transport.");
        counts.forEach((t, c) -> out.sample("realtime_subscriptions", "transport", t, c[1]));
    }

    private static void disconnects(Disconnects disconnects, PrometheusText out) {
        out.family("realtime_disconnects_total", "counter", "Connections that ended, by transport and reason.");
        disconnects.snapshot().forEach((transport, counts) -> {
            for (Disconnect why : Disconnect.values()) {
                out.sample(
                        "realtime_disconnects_total",
                        new TreeMap<>(Map.of("transport", transport, "reason", why.label())),
                        counts[why.ordinal()]);
            }
        });
    }

    private static void broker(BrokerStats b, PrometheusText out) {
        out.gauge(
                        "realtime_broker_connected",
                        "1 while the broker is connected (always with none), else 0.",
                        b.connected() ? 1 : 0)
                .counter(
                        "realtime_broker_published_total",
                        "Messages the broker accepted from this node.",
                        b.published())
                .counter(
                        "realtime_broker_consumed_total",
                        "Valid messages this node's consumers received from the broker, counted on receipt.",
                        b.consumed())
                .counter(
                        "realtime_broker_failed_total",
                        "Sends that failed for good, and received messages that were not valid envelopes.",
                        b.failed())
                .counter(
                        "realtime_broker_dropped_total",
                        "Messages refused by the full publish queue (publish side only).",
                        b.dropped())
                .counter(
                        "realtime_broker_consumer_dropped_total",
                        "Received messages dropped because the consumer's buffer was full.",
                        b.consumerDropped())
                .counter("realtime_broker_refused_total", "Received messages refused before delivery.", b.refused())
                .counter(
                        "realtime_broker_unsigned_total",
                        "Received messages without a valid node signature delivered as ordinary events.",
                        b.unsigned())
                .gauge("realtime_broker_pending", "Messages waiting in the publish queue.", b.pending())
                .gauge("realtime_broker_lag", "Messages the broker's open consumers are behind; -1 unknown.", b.lag());
    }

    private static void consumer(ConsumerActivity.Snapshot c, PrometheusText out) {
        out.gauge("realtime_consumer_running", "Consumer jobs running in this server.", c.running())
                .counter(
                        "realtime_consumer_polled_total",
                        "Messages the consumer job took from the broker's consumer.",
                        c.polled())
                .counter(
                        "realtime_consumer_delivered_total",
                        "Messages the consumer job (or a standalone consumer) handed to this node.",
                        c.delivered())
                .gauge("realtime_consumer_lag", "Messages the consumer job is behind; -1 unknown.", c.lag());
    }
}
