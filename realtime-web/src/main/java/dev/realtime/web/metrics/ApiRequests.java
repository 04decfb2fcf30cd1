package dev.realtime.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the answers of the Pusher HTTP API ({@code /apps/…}) by status class (2xx to 5xx), for
 * {@code realtime_http_api_requests_total}. Refusals by the API's own checks (401 signature, 413
 * body) count as 4xx like any other answer. Thread-safe.
 */
@Provider
@ApplicationScoped
public class ApiRequests implements ContainerResponseFilter {
    /** The classes counted, in label order; index = status / 100 - 1. */
    static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final LongAdder[] counts = {
        new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
    };

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("apps/")) {
            count(response.getStatus());
        }
    }

    public void count(int status) {
        int index = status / 100 - 1;
        if (index >= 0 && index < counts.length) {
            counts[index].increment();
        }
    }

    /** Answers of the status class {@code CLASSES[index]}. */
    public long count(String statusClass) {
        for (int i = 0; i < CLASSES.length; i++) {
            if (CLASSES[i].equals(statusClass)) {
                return counts[i].sum();
            }
        }
        throw new IllegalArgumentException(statusClass);
    }
}
