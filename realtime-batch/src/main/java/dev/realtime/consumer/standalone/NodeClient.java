package dev.realtime.consumer.standalone;

import dev.realtime.auth.PusherSignatures;
import dev.realtime.broker.Backoff;
import dev.realtime.broker.Envelope;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Hands batches to this machine's server: {@code POST /apps/{appId}/local_events}, the envelopes one
 * per line, signed with the app's key and secret like any Pusher HTTP API call. A node that is
 * restarting is retried with back-off; after {@value #ATTEMPTS} failures the batch fails (and is
 * delivered again when the consumer runs again, since it was not committed).
 */
final class NodeClient {
    private static final int ATTEMPTS = 6;

    private final URI node;
    private final String appId;
    private final String appKey;
    private final PusherSignatures signatures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeClient(URI node, RealtimeSettings settings) {
        this.node = node;
        this.appId = settings.appId();
        this.appKey = settings.appKey();
        this.signatures = new PusherSignatures(settings.appKey(), settings.appSecret());
    }

    /** Delivers the messages to the node's clients; returns once the node accepted them. */
    void deliver(List<Message> messages) {
        StringBuilder body = new StringBuilder();
        for (Message m : messages) {
            body.append(new String(Envelope.encode(m), StandardCharsets.UTF_8)).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(signed(bytes))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                failure = "HTTP " + response.statusCode() + " " + response.body();
                if (response.statusCode() < 500 && response.statusCode() != 404) {
                    break; // refused for good (signature, bad envelope): retrying cannot help
                }
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
            if (attempt < ATTEMPTS && !backoff.pause()) {
                break;
            }
        }
        throw new IllegalStateException(
                "The node at " + node + " did not take " + messages.size() + " messages: " + failure);
    }

    private URI signed(byte[] body) {
        String path = "/apps/" + appId + "/local_events";
        Map<String, String> params = new TreeMap<>();
        params.put("auth_key", appKey);
        params.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("auth_version", "1.0");
        params.put("body_md5", md5(body));
        String pairs = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        params.put("auth_signature", signatures.sign("POST\n" + path + "\n" + pairs));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return node.resolve(path.substring(1) + "?" + query);
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
