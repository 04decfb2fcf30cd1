package dev.realtime.transport.socketio;

import dev.realtime.RealtimeException;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.channel.ChannelType;
import dev.realtime.config.SocketIoSettings;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.JsonP;
import dev.realtime.web.auth.ChannelAccess;
import dev.realtime.web.auth.ChannelSignatures;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * laravel-echo-server's way with {@code subscribe {channel, auth: {headers}}}: the subscription is
 * authorized by the configured channel-auth endpoint ({@code realtime.socketio.auth-url}, form
 * {@code channel_name}, {@code socket_id}) called with the client's headers that
 * {@code realtime.socketio.auth-headers} allows, so the application's login sees the user those
 * headers name. The endpoint is configuration only, never an address a request named. The answer
 * counts only when it is a 2xx whose {@code auth} signature verifies for this socket (and, for
 * presence, whose {@code channel_data} is the signed member); anything else is refused with the
 * endpoint's status (401 for an answer that proves nothing).
 *
 * <p>Bounds: a call takes at most {@code auth-timeout} (then 504; the exchange is cancelled), its
 * answer is read up to {@code auth-response-bytes} (then 502), a session may have
 * {@code auth-in-flight} calls waiting (then 429 at once) and the node {@code node-auth-in-flight}
 * (then 503 at once); 500 when the endpoint cannot be reached. Redirects are not followed.
 *
 * <p>Asynchronous ({@link HttpClient#sendAsync}): the outcome is handed on on the given executor,
 * never blocking a container thread. Thread-safe.
 */
final class EchoAuth {
    private static final Logger LOG = Logger.getLogger(EchoAuth.class.getName());
    /** Headers never passed on, whatever the allow-list says: the HTTP client's own, and the form's type. */
    private static final Set<String> OWN_HEADERS =
            Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");

    /** A granted subscription, or the status of the refusal. */
    record Outcome(ChannelAccess.Grant grant, int status) {
        static Outcome refused(int status) {
            return new Outcome(null, status);
        }
    }

    private final HttpClient http;
    private final SocketIoSettings.AuthCalls calls;
    private final PusherSignatures signatures;
    private final ScheduledExecutorService executor;
    private final Semaphore node;

    /**
     * @param calls the endpoint (not {@code null}) and the bounds of the calls to it
     * @param executor hands outcomes on and cancels calls at their timeout
     */
    EchoAuth(
            HttpClient http,
            SocketIoSettings.AuthCalls calls,
            PusherSignatures signatures,
            ScheduledExecutorService executor) {
        this.http = http;
        this.calls = calls;
        this.signatures = signatures;
        this.executor = executor;
        this.node = new Semaphore(calls.nodeInFlight());
    }

    /** The HTTP client for {@code calls}: connect timeout, no redirects, no proxy. */
    static HttpClient client(SocketIoSettings.AuthCalls calls) {
        return HttpClient.newBuilder()
                .connectTimeout(calls.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /**
     * Asks the endpoint whether socket {@code socketId} may join {@code channel}.
     *
     * @param session the calls its session may still make (one permit per call, given back when it ends)
     */
    CompletionStage<Outcome> authorize(
            Semaphore session, JsonObject headers, String socketId, String channel, ChannelType type) {
        if (!session.tryAcquire()) {
            return CompletableFuture.completedFuture(Outcome.refused(429));
        }
        if (!node.tryAcquire()) {
            session.release();
            return CompletableFuture.completedFuture(Outcome.refused(503));
        }
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = http.sendAsync(
                    request(calls, headers, socketId, channel), CappedBody.handler(calls.responseBytes()));
        } catch (RuntimeException e) {
            session.release();
            node.release();
            throw e;
        }
        ScheduledFuture<?> timer =
                executor.schedule(() -> call.cancel(true), calls.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return call.whenComplete((response, error) -> {
                    timer.cancel(false);
                    session.release();
                    node.release();
                })
                .handleAsync(
                        (response, error) -> error != null
                                ? failed(error, channel)
                                : outcome(
                                        response.statusCode(),
                                        new String(response.body(), StandardCharsets.UTF_8),
                                        socketId,
                                        channel,
                                        type),
                        executor);
    }

    private Outcome failed(Throwable error, String channel) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CappedBody.TooLargeException) {
            LOG.warning(() -> "Channel auth answer for " + channel + " is over " + calls.responseBytes() + " bytes");
            return Outcome.refused(502);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
            LOG.warning(() -> "Channel auth request for " + channel + " timed out after " + calls.timeout());
            return Outcome.refused(504);
        }
        LOG.log(Level.WARNING, "Channel auth request to " + calls.url() + " failed", cause);
        return Outcome.refused(500);
    }

    /**
     * The form POST to the configured endpoint, with the client's headers the allow-list names (and
     * never those that describe the request itself).
     */
    static HttpRequest request(SocketIoSettings.AuthCalls calls, JsonObject headers, String socketId, String channel) {
        HttpRequest.Builder request = HttpRequest.newBuilder(calls.url())
                .timeout(calls.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        for (Map.Entry<String, JsonValue> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = headerValue(header.getValue());
            if (value == null || !calls.headers().contains(name) || OWN_HEADERS.contains(name)) {
                continue;
            }
            try {
                request.setHeader(header.getKey(), value);
            } catch (IllegalArgumentException e) { // a name or value HTTP does not allow
                LOG.fine(() -> "Channel auth: a header was dropped: " + e.getMessage());
            }
        }
        String form = "channel_name=" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&socket_id="
                + URLEncoder.encode(socketId, StandardCharsets.UTF_8);
        return request.POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /** What the endpoint's answer grants this socket. */
    Outcome outcome(int status, String body, String socketId, String channel, ChannelType type) {
        if (status < 200 || status > 299) {
            return Outcome.refused(status);
        }
        try {
            JsonObject answer;
            try (JsonReader reader = JsonP.reader(body)) {
                answer = reader.readObject();
            }
            String auth = answer.get("auth") instanceof JsonString s ? s.getString() : null;
            if (type == ChannelType.PRESENCE) {
                String channelData = answer.get("channel_data") instanceof JsonString s ? s.getString() : null;
                PresenceMember member =
                        ChannelSignatures.presenceMember(signatures, socketId, channel, channelData, auth);
                return member != null
                        ? new Outcome(new ChannelAccess.Grant(channel, member), status)
                        : Outcome.refused(401);
            }
            return ChannelSignatures.privateValid(signatures, socketId, channel, auth)
                    ? new Outcome(new ChannelAccess.Grant(channel, null), status)
                    : Outcome.refused(401);
        } catch (RealtimeException | jakarta.json.JsonException | IllegalStateException e) {
            LOG.log(Level.FINE, "Channel auth answer for " + channel + " is not a signature", e);
            return Outcome.refused(401);
        }
    }

    /** The {@code auth.headers} object of a subscribe, or {@code null} when absent or empty. */
    static JsonObject headers(JsonObject subscribe) {
        if (subscribe.get("auth") instanceof JsonObject auth
                && auth.get("headers") instanceof JsonObject headers
                && !headers.isEmpty()) {
            return headers;
        }
        return null;
    }

    private static String headerValue(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof JsonNumber n ? n.toString() : null;
    }
}
