package dev.realtime.transport.socketio;

import dev.realtime.RealtimeException;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.channel.ChannelType;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.JsonP;
import dev.realtime.web.auth.ChannelAccess;
import dev.realtime.web.auth.ChannelSignatures;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * laravel-echo-server's way with {@code subscribe {channel, auth: {headers}}}: the subscription is
 * authorized by the channel-auth endpoint ({@code POST /broadcasting/auth}, form
 * {@code channel_name}, {@code socket_id}) called with the headers the client gave, so the
 * application's login sees the user those headers name. The answer counts only when it is a 2xx
 * whose {@code auth} signature verifies for this socket (and, for presence, whose
 * {@code channel_data} is the signed member); anything else is refused with the endpoint's status
 * (401 for an answer that proves nothing, 500 when the endpoint cannot be reached).
 *
 * <p>The request is asynchronous ({@link HttpClient#sendAsync}); its outcome is handed on on the
 * given executor, never blocking a container thread. Thread-safe.
 */
final class EchoAuth {
    private static final Logger LOG = Logger.getLogger(EchoAuth.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Headers the client may not set on the request: HttpClient's own, and the form's type. */
    private static final Set<String> OWN_HEADERS =
            Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");

    /** A granted subscription, or the status of the refusal. */
    record Outcome(ChannelAccess.Grant grant, int status) {
        static Outcome refused(int status) {
            return new Outcome(null, status);
        }
    }

    private final HttpClient http;
    private final PusherSignatures signatures;
    private final Executor executor;

    EchoAuth(HttpClient http, PusherSignatures signatures, Executor executor) {
        this.http = http;
        this.signatures = signatures;
        this.executor = executor;
    }

    /** Asks {@code endpoint} whether socket {@code socketId} may join {@code channel}. */
    CompletionStage<Outcome> authorize(
            URI endpoint, JsonObject headers, String socketId, String channel, ChannelType type) {
        HttpRequest request = request(endpoint, headers, socketId, channel);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handleAsync(
                        (response, error) -> {
                            if (error != null) {
                                LOG.log(Level.WARNING, "Channel auth request to " + endpoint + " failed", error);
                                return Outcome.refused(500);
                            }
                            return outcome(response.statusCode(), response.body(), socketId, channel, type);
                        },
                        executor);
    }

    /** The form POST, with the client's headers (but not those that describe the request itself). */
    static HttpRequest request(URI endpoint, JsonObject headers, String socketId, String channel) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        for (Map.Entry<String, JsonValue> header : headers.entrySet()) {
            String value = headerValue(header.getValue());
            if (value == null || OWN_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                request.setHeader(header.getKey(), value);
            } catch (IllegalArgumentException e) { // a name or value HTTP does not allow
                LOG.fine(() -> "Channel auth: header " + header.getKey() + " dropped: " + e.getMessage());
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

    /**
     * This server's own channel-auth endpoint as the request that opened a session reached it:
     * {@code scheme://localAddress:localPort/contextPath/broadcasting/auth}.
     */
    static URI localEndpoint(String scheme, String localAddress, int localPort, String contextPath) {
        String address =
                localAddress.indexOf('%') >= 0 ? localAddress.substring(0, localAddress.indexOf('%')) : localAddress;
        String host = address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
        String path = contextPath == null || contextPath.equals("/") ? "" : contextPath;
        return URI.create(
                scheme.toLowerCase(Locale.ROOT) + "://" + host + ":" + localPort + path + "/broadcasting/auth");
    }
}
