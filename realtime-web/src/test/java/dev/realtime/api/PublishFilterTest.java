package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.auth.ApiSignature;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.transport.memory.MemoryClient;
import dev.realtime.web.cors.CorsFilter;
import dev.realtime.web.cors.OriginPolicy;
import dev.realtime.web.metrics.ApiRequests;
import jakarta.json.JsonObject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PublishFilter} with a real node, authenticator and resource: which requests it serves and
 * which it leaves to JAX-RS, and its answers (status, JSON body, CORS headers, the API answer
 * count, the signature refusal count), the body read only after the signature verified.
 */
class PublishFilterTest {
    private static final long NOW = 1_800_000_000L;
    private static final String ORIGIN = "https://app.example";

    private final RealtimeNode node =
            ApiTesting.node(Map.of("realtime.limits.api-body-bytes", "300", "realtime.limits.payload-bytes", "100"));
    private final AuthRefusals refusals = new AuthRefusals();
    private final ApiRequests answers = new ApiRequests();
    private final PublishFilter filter = new PublishFilter();

    PublishFilterTest() {
        filter.authenticator = new ApiAuthenticator(
                node.settings(), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), refusals);
        filter.events = new EventsResource();
        filter.events.node = node;
        filter.events.authenticator = filter.authenticator;
        filter.answers = answers;
        filter.cors = new CorsFilter(new OriginPolicy(List.of(ORIGIN)));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
        "POST, /apps/42/events, 42, false",
        "POST, /apps/42/batch_events, 42, true",
        "POST, /apps/other-app_1.~/events, other-app_1.~, false",
        "GET, /apps/42/events, , ",
        "OPTIONS, /apps/42/events, , ",
        "POST, /apps/42/events/, , ",
        "POST, /apps/42/eventsx, , ",
        "POST, /apps/42;x=1/events, , ",
        "POST, /apps/4%32/events, , ",
        "POST, /apps//events, , ",
        "POST, /apps/../events, , ",
        "POST, /apps/./events, , ",
        "POST, /apps/42/channels, , ",
        "POST, /apps/42/users/u/events, , ",
        "POST, /apps/42/local_events, , ",
        "POST, /apps/42, , ",
    })
    void servesOnlyTheUsualFormOfTheTwoPublishRequests(String method, String uri, String appId, Boolean batch) {
        PublishFilter.Route route = PublishFilter.Route.of(method, uri, "", null);
        if (appId == null) {
            assertNull(route, uri);
        } else {
            assertEquals(new PublishFilter.Route(appId, batch), route);
        }
    }

    @ParameterizedTest(name = "[{index}] Accept: {0} -> served {1}")
    @CsvSource({
        "application/json, true",
        "'application/json, text/plain', true",
        "*/*, true",
        "text/html, false",
    })
    void leavesAnAcceptThatNeedsNegotiatingToJaxRs(String accept, boolean served) {
        assertEquals(served, PublishFilter.Route.of("POST", "/apps/42/events", "", accept) != null);
    }

    @Test
    void underAContextPathTheRouteStartsAfterIt() {
        assertEquals(
                new PublishFilter.Route("42", false),
                PublishFilter.Route.of("POST", "/rt/apps/42/events", "/rt", null));
        assertNull(PublishFilter.Route.of("POST", "/apps/42/events", "/rt", null));
    }

    @Test
    void aSignedEventIsPublishedAndAnswered200WithCorsHeadersAndCounted() throws Exception {
        MemoryClient subscriber = node.memory().connect().subscribe("room");
        String body = "{\"name\":\"greet\",\"channel\":\"room\",\"data\":\"{\\\"n\\\":1}\"}";
        Exchange exchange = post("/apps/42/events", signed("/apps/42/events", body), body, ORIGIN);

        assertEquals(200, exchange.status);
        assertEquals("{}", exchange.body());
        assertEquals("application/json", exchange.contentType);
        assertEquals(
                List.of(
                        "Vary: Origin",
                        "Access-Control-Allow-Origin: " + ORIGIN,
                        "Access-Control-Allow-Credentials: true"),
                exchange.headers);
        assertFalse(exchange.chained);
        assertEquals(1, answers.count("2xx"));
        Message message = subscriber.poll(Duration.ofSeconds(5));
        assertNotNull(message);
        assertEquals("greet", message.event());
    }

    @Test
    void aBatchIsPublishedWhole() throws Exception {
        MemoryClient subscriber = node.memory().connect().subscribe("a").subscribe("b");
        String body = "{\"batch\":[{\"name\":\"x\",\"channel\":\"a\",\"data\":\"1\"},"
                + "{\"name\":\"y\",\"channel\":\"b\",\"data\":\"2\"}]}";
        Exchange exchange = post("/apps/42/batch_events", signed("/apps/42/batch_events", body), body, null);

        assertEquals(200, exchange.status);
        assertEquals(List.of("Vary: Origin"), exchange.headers);
        assertEquals("x", subscriber.poll(Duration.ofSeconds(5)).event());
        assertEquals("y", subscriber.poll(Duration.ofSeconds(5)).event());
    }

    @Test
    void aBadSignatureIs401BeforeTheBodyIsReadAndCountsAsAnApiRefusal() throws Exception {
        String body = "{\"name\":\"e\",\"channel\":\"room\",\"data\":\"1\"}";
        String query = signed("/apps/42/events", body).replace("auth_signature=", "auth_signature=0");
        Exchange exchange = post("/apps/42/events", query, body, "https://evil.example");

        assertError(exchange, 401, "invalid_signature");
        assertEquals(0, exchange.bytesRead.get());
        assertEquals(List.of("Vary: Origin"), exchange.headers);
        assertEquals(1, refusals.count(AuthRefusals.Kind.API));
        assertEquals(1, answers.count("4xx"));
    }

    @Test
    void anotherAppIs404() throws Exception {
        String body = "{}";
        assertError(post("/apps/7/events", signed("/apps/7/events", body), body, null), 404, "unknown_app");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithNothingRead() throws Exception {
        String body = "{\"name\":\"e\",\"channel\":\"room\",\"data\":\"" + "x".repeat(400) + "\"}";
        Exchange exchange = post("/apps/42/events", signed("/apps/42/events", body), body, null);
        assertError(exchange, 413, "body_too_large");
        assertEquals(0, exchange.bytesRead.get());
    }

    @Test
    void aBodyThatDoesNotMatchBodyMd5Is401() throws Exception {
        String query = signed("/apps/42/events", "{\"name\":\"e\",\"channel\":\"room\",\"data\":\"1\"}");
        assertError(
                post("/apps/42/events", query, "{\"name\":\"e\",\"channel\":\"room\",\"data\":\"2\"}", null),
                401,
                "invalid_body_md5");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIs400() throws Exception {
        String body = "[1]";
        assertError(post("/apps/42/events", signed("/apps/42/events", body), body, null), 400, "invalid_body");
        String noName = "{\"channel\":\"room\",\"data\":\"1\"}";
        assertError(post("/apps/42/events", signed("/apps/42/events", noName), noName, null), 400, "invalid_field");
    }

    @Test
    void aBadChannelNameIs400AndDataOverThePayloadLimitIs413() throws Exception {
        String badChannel = "{\"name\":\"e\",\"channel\":\"no spaces\",\"data\":\"1\"}";
        assertError(
                post("/apps/42/events", signed("/apps/42/events", badChannel), badChannel, null),
                400,
                "invalid_channel");
        String big = "{\"name\":\"e\",\"channel\":\"room\",\"data\":\"" + "x".repeat(150) + "\"}";
        assertError(post("/apps/42/events", signed("/apps/42/events", big), big, null), 413, "payload_too_large");
        assertEquals(2, answers.count("4xx"));
    }

    @Test
    void aQueryThatIsNotAValidUriIs400() throws Exception {
        assertError(post("/apps/42/events", "auth_key=%zz", "{}", null), 400, "invalid_uri");
    }

    @Test
    void everythingElseGoesOnToJaxRsUntouched() throws Exception {
        Exchange exchange = exchange("GET", "/apps/42/channels", "auth_key=k", "", null);
        assertTrue(exchange.chained);
        assertEquals(0, exchange.status);
        assertEquals(0, exchange.bytesRead.get());
        assertEquals(0, answers.count("2xx") + answers.count("4xx"));
    }

    private static void assertError(Exchange exchange, int status, String code) {
        assertEquals(status, exchange.status, exchange.body());
        assertEquals("application/json", exchange.contentType);
        JsonObject json = ApiTesting.json(exchange.body());
        assertEquals(code, json.getString("error"), exchange.body());
        assertFalse(json.getString("message").isBlank());
    }

    /** A query signed as the Pusher SDKs sign it, with the body's MD5. */
    private static String signed(String path, String body) {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("auth_key", "the-key");
        params.put("auth_timestamp", Long.toString(NOW));
        params.put("auth_version", "1.0");
        params.put("body_md5", ApiSignature.md5Hex(body.getBytes(StandardCharsets.UTF_8)));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String signature = new PusherSignatures("the-key", "the-secret").sign("POST\n" + path + "\n" + query);
        return query + "&auth_signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    private Exchange post(String uri, String query, String body, String origin) throws Exception {
        return exchange("POST", uri, query, body, origin);
    }

    private Exchange exchange(String method, String uri, String query, String body, String origin) throws Exception {
        Exchange exchange = new Exchange(body.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> request = new HashMap<>();
        request.put("getMethod", method);
        request.put("getRequestURI", uri);
        request.put("getContextPath", "");
        request.put("getQueryString", query);
        request.put("getContentLengthLong", (long) exchange.in.length);
        request.put("getInputStream", exchange.input());
        Map<String, String> headers = new HashMap<>();
        if (origin != null) {
            headers.put("Origin", origin);
        }
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getHeader")) {
                        return headers.get((String) args[0]);
                    }
                    if (!request.containsKey(m.getName())) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return request.get(m.getName());
                });
        HttpServletResponse res = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> exchange.status = (Integer) args[0];
                        case "setContentType" -> exchange.contentType = (String) args[0];
                        case "setContentLength" -> exchange.contentLength = (Integer) args[0];
                        case "addHeader" -> exchange.headers.add(args[0] + ": " + args[1]);
                        case "getOutputStream" -> {
                            return exchange.output();
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        FilterChain chain = (rq, rs) -> exchange.chained = true;
        filter.doFilter(req, res, chain);
        if (!exchange.chained) {
            assertEquals(exchange.out.size(), exchange.contentLength);
        }
        return exchange;
    }

    /** What the filter did with one request. */
    private static final class Exchange {
        final byte[] in;
        final AtomicInteger bytesRead = new AtomicInteger();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> headers = new ArrayList<>();
        int status;
        int contentLength = -1;
        String contentType;
        boolean chained;

        Exchange(byte[] in) {
            this.in = in;
        }

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        ServletInputStream input() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(in);
            return new ServletInputStream() {
                @Override
                public int read() {
                    int b = bytes.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    int n = bytes.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        ServletOutputStream output() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
