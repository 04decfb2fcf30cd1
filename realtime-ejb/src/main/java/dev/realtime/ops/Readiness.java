package dev.realtime.ops;

import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.config.OpsSettings;
import dev.realtime.config.Setting;
import dev.realtime.message.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this node should receive traffic, and if not why: ready while the broker is connected
 * (always with {@code none}), a consumer job runs in this server where one is required
 * ({@code realtime.health.consumer-required}), and the consumer's lag is within
 * {@code realtime.health.max-lag} where one is set, and the node is not draining. Every rule that
 * fails is a reason.
 *
 * @param reasons empty when ready
 */
public record Readiness(List<Reason> reasons) {

    /** A failed rule: a stable code and a sentence for people. */
    public record Reason(String code, String detail) {}

    public Readiness {
        reasons = List.copyOf(reasons);
    }

    /** The decision on the node's current state, while it is not draining. */
    public static Readiness of(OpsSettings ops, BrokerStats broker, ConsumerActivity.Snapshot consumer) {
        return of(ops, broker, consumer, false);
    }

    /** The decision on the node's current state; a draining node ({@link Drain}) is never ready. */
    public static Readiness of(
            OpsSettings ops, BrokerStats broker, ConsumerActivity.Snapshot consumer, boolean draining) {
        List<Reason> reasons = new ArrayList<>();
        if (draining) {
            reasons.add(new Reason("draining", "this node is shutting down; new connections are refused"));
        }
        if (!broker.connected()) {
            reasons.add(new Reason("broker-disconnected", "the " + broker.broker() + " broker is not connected"));
        }
        if (ops.consumerRequired() && consumer.running() == 0) {
            reasons.add(new Reason(
                    "consumer-not-running",
                    "no consumer job runs in this server (" + Setting.HEALTH_CONSUMER_REQUIRED.key() + "=true)"));
        }
        long lag = Math.max(consumer.lag(), broker.lag());
        if (ops.limitsLag() && lag > ops.maxLag()) {
            reasons.add(new Reason(
                    "consumer-lag",
                    "the consumer is " + lag + " messages behind, over " + Setting.HEALTH_MAX_LAG.key() + "="
                            + ops.maxLag()));
        }
        return new Readiness(reasons);
    }

    public boolean ready() {
        return reasons.isEmpty();
    }

    /** The HTTP status to answer: 200 when ready, else 503. */
    public int status() {
        return ready() ? 200 : 503;
    }

    /** {@code {"status":"ready"|"not-ready","node":…,"reasons":[{"code":…,"detail":…}]}}. */
    public String toJson(String nodeId) {
        StringBuilder json = new StringBuilder()
                .append("{\"status\":")
                .append(ready() ? "\"ready\"" : "\"not-ready\"")
                .append(",\"node\":")
                .append(Json.quote(nodeId))
                .append(",\"reasons\":[");
        for (int i = 0; i < reasons.size(); i++) {
            Reason r = reasons.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"code\":")
                    .append(Json.quote(r.code()))
                    .append(",\"detail\":")
                    .append(Json.quote(r.detail()))
                    .append('}');
        }
        return json.append("]}").toString();
    }
}
