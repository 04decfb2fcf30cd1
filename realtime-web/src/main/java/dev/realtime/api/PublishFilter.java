package dev.realtime.api;

import dev.realtime.RealtimeException;
import dev.realtime.web.RealtimeExceptionMapper;
import dev.realtime.web.cors.CorsFilter;
import dev.realtime.web.metrics.ApiRequests;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code POST /apps/{appId}/events} and {@code /batch_events}, the path every Pusher server
 * SDK publishes through, without JAX-RS: no resource lookup, request-scoped bean, validation or
 * writer interceptors per request (most of the samples of a JFR profile of this path). The answers are exactly the
 * ones {@link EventsResource} documents, counted in {@link ApiRequests} and with the headers of
 * {@link CorsFilter}, as when JAX-RS gives them. Only the usual form is served here (an app id of
 * unreserved characters, no matrix parameters or trailing slash, an {@code Accept} that takes JSON
 * or none); everything else under {@code /apps/} goes on to JAX-RS. Stateless and thread-safe.
 */
@WebFilter(urlPatterns = "/apps/*", asyncSupported = true)
public class PublishFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final String APPS = "/apps/";

    @Inject
    transient ApiAuthenticator authenticator;

    @Inject
    transient EventsResource events;

    @Inject
    transient ApiRequests answers;

    @Inject
    transient CorsFilter cors;

    /** Which of the two requests, for which app id. */
    record Route(String appId, boolean batch) {
        /**
         * The route of a {@code POST} to {@code requestUri} (raw, as the servlet API gives it), or
         * {@code null} when this filter leaves the request to JAX-RS.
         */
        static Route of(String method, String requestUri, String contextPath, String accept) {
            if (!"POST".equals(method) || !takesJson(accept) || !requestUri.startsWith(contextPath + APPS)) {
                return null;
            }
            int start = contextPath.length() + APPS.length();
            int slash = requestUri.indexOf('/', start);
            if (slash < 0 || !plainSegment(requestUri, start, slash)) {
                return null;
            }
            String tail = requestUri.substring(slash);
            boolean batch = tail.equals("/batch_events");
            return batch || tail.equals("/events") ? new Route(requestUri.substring(start, slash), batch) : null;
        }

        private static boolean takesJson(String accept) {
            return accept == null || accept.contains("application/json") || accept.contains("*/*");
        }

        /** Unreserved characters only, and not {@code .} or {@code ..}: nothing JAX-RS would decode or normalise. */
        private static boolean plainSegment(String s, int from, int to) {
            if (to == from
                    || (s.charAt(from) == '.' && (to - from == 1 || (to - from == 2 && s.charAt(from + 1) == '.')))) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                boolean unreserved = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || c == '~';
                if (!unreserved) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Route route = Route.of(
                request.getMethod(), request.getRequestURI(), request.getContextPath(), request.getHeader("Accept"));
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        Answer answer = serve(route, request);
        answers.count(answer.status());
        cors.answerHeaders(request.getHeader("Origin"), response::addHeader);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A status and its JSON body. */
    record Answer(int status, String body) {
        static final Answer OK = new Answer(200, EventsResource.OK);

        static Answer of(Response response) {
            Object entity = response.getEntity();
            return new Answer(response.getStatus(), entity == null ? "" : entity.toString());
        }
    }

    /** The answer: 200 {@code {}}, or the refusal's status and JSON error body. */
    Answer serve(Route route, HttpServletRequest request) throws IOException {
        try {
            byte[] body = authenticator.admitAndRead(
                    route.appId(),
                    "POST",
                    request.getRequestURI(),
                    request.getQueryString(),
                    request.getContentLengthLong(),
                    request.getInputStream());
            events.publish(route.batch(), body);
            return Answer.OK;
        } catch (WebApplicationException e) {
            return Answer.of(e.getResponse());
        } catch (RealtimeException e) {
            return Answer.of(RealtimeExceptionMapper.response(e));
        }
    }
}
