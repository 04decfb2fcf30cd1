package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.auth.PusherSignatures;
import dev.realtime.channel.ChannelType;
import dev.realtime.config.SocketIoSettings;
import dev.realtime.message.Json;
import dev.realtime.presence.PresenceMember;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** laravel-echo's auth.headers: the request to the channel-auth endpoint and what its answer grants. */
class EchoAuthTest {
    private static final PusherSignatures SIGNATURES = new PusherSignatures("key", "secret");
    private static final String SOCKET = "123.456";
    private static final SocketIoSettings.AuthCalls CALLS =
            SocketIoSettings.AuthCalls.to(URI.create("http://127.0.0.1:8080/broadcasting/auth"));
    private final EchoAuth auth = new EchoAuth(null, CALLS, SIGNATURES, null);

    private static JsonObject json(String text) {
        return jakarta.json.Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void headersOnlyWhenTheSubscribeCarriesSome() {
        assertNull(EchoAuth.headers(json("{\"channel\":\"private-a\"}")));
        assertNull(EchoAuth.headers(json("{\"channel\":\"private-a\",\"auth\":{}}")));
        assertNull(EchoAuth.headers(json("{\"channel\":\"private-a\",\"auth\":{\"headers\":{}}}")), "Echo's default");
        assertNull(EchoAuth.headers(json("{\"channel\":\"private-a\",\"auth\":{\"headers\":\"x\"}}")));
        assertEquals(
                json("{\"X-Test-User\":\"alice\"}"),
                EchoAuth.headers(
                        json("{\"channel\":\"private-a\",\"auth\":{\"headers\":{\"X-Test-User\":\"alice\"}}}")));
    }

    @Test
    void theRequestIsTheFormWithTheAllowedHeadersOfTheClient() throws Exception {
        SocketIoSettings.AuthCalls calls = new SocketIoSettings.AuthCalls(
                CALLS.url(),
                Set.of("Authorization", "COOKIE", "x-version", "host", "content-type", "bad name", "x-null", "x-obj"),
                Duration.ofSeconds(5),
                100,
                1,
                1);
        HttpRequest request = EchoAuth.request(
                calls,
                json(
                        "{\"Authorization\":\"Bearer t\",\"X-Version\":7,\"Host\":\"evil\",\"Content-Type\":\"text/plain\","
                                + "\"Content-Length\":\"1\",\"bad name\":\"x\",\"X-Null\":null,\"X-Obj\":{},"
                                + "\"cookie\":\"rt-user=alice\",\"X-Other\":\"y\"}"),
                SOCKET,
                "presence-room.1 a&b");
        assertEquals("POST", request.method());
        assertEquals(CALLS.url(), request.uri(), "the configured endpoint, whatever the client says");
        assertEquals(Optional.of("Bearer t"), request.headers().firstValue("Authorization"));
        assertEquals(Optional.of("rt-user=alice"), request.headers().firstValue("Cookie"));
        assertEquals(Optional.of("7"), request.headers().firstValue("X-Version"));
        assertEquals(Optional.empty(), request.headers().firstValue("X-Other"), "not on the allow-list");
        assertEquals(Optional.of(Duration.ofSeconds(5)), request.timeout());
        assertEquals(
                List.of("application/x-www-form-urlencoded"), request.headers().allValues("Content-Type"));
        assertEquals(Optional.empty(), request.headers().firstValue("Host"));
        assertEquals(Optional.empty(), request.headers().firstValue("bad name"));
        assertEquals(Optional.empty(), request.headers().firstValue("X-Null"));
        assertEquals(Optional.empty(), request.headers().firstValue("X-Obj"));
        assertEquals("channel_name=presence-room.1+a%26b&socket_id=123.456", body(request));
    }

    @Test
    void aPrivateChannelNeedsTheSignatureForThisSocket() {
        String channel = "private-chat.1";
        String good = "{\"auth\":" + Json.quote(SIGNATURES.privateAuth(SOCKET, channel)) + "}";
        EchoAuth.Outcome granted = auth.outcome(200, good, SOCKET, channel, ChannelType.PRIVATE);
        assertEquals(channel, granted.grant().channel());
        assertNull(granted.grant().member());
        assertNull(
                auth.outcome(200, good, "999.1", channel, ChannelType.PRIVATE).grant(), "another socket's");
        assertEquals(
                401,
                auth.outcome(200, good, "999.1", channel, ChannelType.PRIVATE).status());
        assertEquals(
                401,
                auth.outcome(200, "{\"auth\":\"key:00\"}", SOCKET, channel, ChannelType.PRIVATE)
                        .status());
        assertEquals(
                401,
                auth.outcome(200, "<html>", SOCKET, channel, ChannelType.PRIVATE)
                        .status());
        assertEquals(
                401,
                auth.outcome(200, "[]", SOCKET, channel, ChannelType.PRIVATE).status());
        assertEquals(
                401, auth.outcome(204, "", SOCKET, channel, ChannelType.PRIVATE).status());
    }

    @Test
    void aRefusalKeepsTheEndpointsStatus() {
        String channel = "private-chat.1";
        String good = "{\"auth\":" + Json.quote(SIGNATURES.privateAuth(SOCKET, channel)) + "}";
        for (int status : new int[] {403, 401, 400, 302, 500}) {
            EchoAuth.Outcome outcome = auth.outcome(status, good, SOCKET, channel, ChannelType.PRIVATE);
            assertNull(outcome.grant(), "refused with " + status);
            assertEquals(status, outcome.status());
        }
    }

    @Test
    void thePresenceMemberComesFromTheSignedChannelData() {
        String channel = "presence-room.1";
        String data = "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"Alice\"}}";
        String answer = "{\"auth\":" + Json.quote(SIGNATURES.presenceAuth(SOCKET, channel, data)) + ",\"channel_data\":"
                + Json.quote(data) + "}";
        EchoAuth.Outcome granted = auth.outcome(200, answer, SOCKET, channel, ChannelType.PRESENCE);
        assertEquals(
                new PresenceMember("alice", "{\"name\":\"Alice\"}"),
                granted.grant().member());

        String forged = answer.replace("Alice", "Mallory");
        assertEquals(
                401,
                auth.outcome(200, forged, SOCKET, channel, ChannelType.PRESENCE).status());
        String privateOnly = "{\"auth\":" + Json.quote(SIGNATURES.privateAuth(SOCKET, channel)) + "}";
        assertEquals(
                401,
                auth.outcome(200, privateOnly, SOCKET, channel, ChannelType.PRESENCE)
                        .status());
        String noUser = "{\"user_info\":{}}";
        String signedNoUser = "{\"auth\":" + Json.quote(SIGNATURES.presenceAuth(SOCKET, channel, noUser))
                + ",\"channel_data\":" + Json.quote(noUser) + "}";
        assertEquals(
                401,
                auth.outcome(200, signedNoUser, SOCKET, channel, ChannelType.PRESENCE)
                        .status());
    }

    private static String body(HttpRequest request) throws Exception {
        StringBuilder out = new StringBuilder();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                out.append(StandardCharsets.UTF_8.decode(item));
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
        return out.toString();
    }
}
