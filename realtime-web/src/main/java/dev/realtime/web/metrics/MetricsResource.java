package dev.realtime.web.metrics;

import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.Refusal;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.NodeMetrics;
import dev.realtime.ops.PrometheusText;
import dev.realtime.web.admission.Admission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /realtime/metrics}: the node's counters ({@link NodeMetrics}, the ones
 * {@code /realtime/health} shows) and this module's web counters (admission, HTTP API answers) in
 * the Prometheus text format 0.0.4. Open like {@code /realtime/health}; {@code
 * realtime.metrics.enabled=false} answers 404.
 */
@Path("realtime/metrics")
@RequestScoped
public class MetricsResource {

    @Inject
    RealtimeNode node;

    @Inject
    Admission admission;

    @Inject
    ApiRequests api;

    @GET
    public Response metrics() {
        if (!node.settings().ops().metricsEnabled()) {
            return Response.status(404).build();
        }
        PrometheusText out = new PrometheusText();
        NodeMetrics.write(node, out);
        AdmissionControl control = admission.control();
        out.gauge("realtime_admission_open", "Connections admission control holds open.", control.openCount())
                .counter("realtime_admission_admitted_total", "Connections admitted.", control.admittedCount())
                .counter(
                        "realtime_admission_released_total",
                        "Admitted connections that ended.",
                        control.releasedCount())
                .family("realtime_admission_refused_total", "counter", "Connections refused, by reason.")
                .sample(
                        "realtime_admission_refused_total",
                        "reason",
                        "quota",
                        control.refusedCount(Refusal.ADDRESS_QUOTA))
                .sample("realtime_admission_refused_total", "reason", "rate", control.refusedCount(Refusal.RATE))
                .sample(
                        "realtime_admission_refused_total",
                        "reason",
                        "nodeFull",
                        control.refusedCount(Refusal.NODE_FULL))
                .sample(
                        "realtime_admission_refused_total",
                        "reason",
                        "draining",
                        control.refusedCount(Refusal.DRAINING))
                .gauge(
                        "realtime_draining",
                        "1 while this node drains (refuses new connections, tells its clients to go), else 0.",
                        node.drain().draining() ? 1 : 0)
                .family(
                        "realtime_http_api_requests_total",
                        "counter",
                        "Answers of the Pusher HTTP API (/apps/...), by status class.");
        for (String statusClass : ApiRequests.CLASSES) {
            out.sample("realtime_http_api_requests_total", "status", statusClass, api.count(statusClass));
        }
        return Response.ok(out.toString(), PrometheusText.CONTENT_TYPE).build();
    }
}
