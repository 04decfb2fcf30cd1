package dev.realtime.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.auth.PusherSignatures;
import dev.realtime.broker.NoneBroker;
import dev.realtime.channel.ChannelType;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Json;
import dev.realtime.node.RealtimeNode;
import dev.realtime.presence.PresenceMember;
import dev.realtime.web.FuzzInputs;
import dev.realtime.web.JsonP;
import jakarta.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the channel-auth endpoints with the form fields a client chooses ({@code socket_id},
 * {@code channel_name}) and the presence {@code channel_data} a subscription carries: answers are
 * 200, 400 or 403 (or the {@code invalid_channel} refusal), never another exception, and a 200 is a
 * valid signature for exactly what was asked.
 */
class ChannelAuthResourceFuzzTest {
    private static final Pattern SOCKET_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

    private final RealtimeNode node = new RealtimeNode(
            RealtimeSettings.from(
                    key -> Optional.ofNullable(Map.of("realtime.node.id", "test-node", "realtime.app.secret", "s")
                            .get(key))),
            new NoneBroker());

    /** Grants every private and presence channel (as member "u1") but those whose name says "deny". */
    private final ChannelAccess access = new ChannelAccess() {
        @Override
        public Grant authorize(Principal user, String channel, String socketId) {
            if (channel.contains("deny")) {
                return null;
            }
            boolean presence = channel.startsWith("presence-");
            return new Grant(channel, presence ? new PresenceMember("u1", "{\"name\":\"U\"}") : null);
        }
    };

    private ChannelAuthResource resource(Principal user) {
        ChannelAuthResource resource = new ChannelAuthResource();
        resource.node = node;
        resource.access = access;
        resource.security = new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return null;
            }
        };
        resource.headers = (HttpHeaders) Proxy.newProxyInstance(
                HttpHeaders.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class},
                (proxy, method, args) -> method.getName().equals("getLength") ? -1 : null);
        return resource;
    }

    /** The URL-encoded form of the given name and value pairs, leaving out the null values. */
    private static InputStream form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                body.append(body.length() == 0 ? "" : "&")
                        .append(pairs[i])
                        .append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> socketIds() {
        Arbitrary<String> valid = Combinators.combine(
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(21),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(21))
                .as((a, b) -> a + "." + b);
        return FuzzInputs.nearValid(valid).injectNull(0.05);
    }

    @Provide
    Arbitrary<String> channels() {
        Arbitrary<String> valid = Combinators.combine(
                        Arbitraries.of("private-", "presence-", "", "private-deny-", "user."),
                        Arbitraries.strings().withChars("AZaz09_-=@,.;").ofMaxLength(20))
                .as(String::concat);
        return FuzzInputs.nearValid(valid).injectNull(0.05);
    }

    @Property
    void channelAuthAnswersOnlyWithValidSignatures(
            @ForAll("socketIds") String socketId, @ForAll("channels") String channel, @ForAll boolean laravel) {
        ChannelAuthResource resource = resource(null);
        Response response = answer(() -> laravel
                ? resource.laravelChannelAuth(form("socket_id", socketId, "channel_name", channel))
                : resource.pusherChannelAuth(form("socket_id", socketId, "channel_name", channel)));
        if (response == null || response.getStatus() != 200) {
            return;
        }
        assertTrue(SOCKET_ID.matcher(socketId).matches(), socketId);
        node.names().requireChannel(channel);
        JsonObject body = JsonP.parseObject((String) response.getEntity(), "answer");
        PusherSignatures signatures = node.signatures();
        if (node.names().typeOf(channel) == ChannelType.PRESENCE) {
            String channelData = body.getString("channel_data");
            assertEquals(signatures.presenceAuth(socketId, channel, channelData), body.getString("auth"));
            assertEquals(
                    "u1",
                    ChannelSignatures.presenceMember(signatures, socketId, channel, channelData, body.getString("auth"))
                            .userId());
        } else {
            assertEquals(node.names().typeOf(channel), ChannelType.PRIVATE);
            assertEquals(signatures.privateAuth(socketId, channel), body.getString("auth"));
        }
    }

    @Property
    void userAuthSignsThePrincipalsName(
            @ForAll("socketIds") String socketId, @ForAll("userNames") String name, @ForAll boolean laravel) {
        ChannelAuthResource resource = resource(name == null ? null : () -> name);
        Response response = answer(() -> laravel
                ? resource.laravelUserAuth(form("socket_id", socketId))
                : resource.pusherUserAuth(form("socket_id", socketId)));
        if (response == null || response.getStatus() != 200) {
            return;
        }
        JsonObject body = JsonP.parseObject((String) response.getEntity(), "answer");
        String userData = body.getString("user_data");
        assertEquals(name, JsonP.parseObject(userData, "user_data").getString("id"));
        assertEquals(node.signatures().userAuth(socketId, userData), body.getString("auth"));
    }

    @Provide
    Arbitrary<String> userNames() {
        return FuzzInputs.anyString().injectNull(0.2);
    }

    @Property
    void signedChannelDataGivesAMemberOrADocumentedRefusal(
            @ForAll("channelData") String channelData, @ForAll("channels") String channel) {
        PusherSignatures signatures = node.signatures();
        String auth = signatures.presenceAuth("1.2", String.valueOf(channel), channelData);
        try {
            PresenceMember member =
                    ChannelSignatures.presenceMember(signatures, "1.2", String.valueOf(channel), channelData, auth);
            assertTrue(member.userId() != null);
            assertNull(ChannelSignatures.presenceMember(signatures, "1.3", String.valueOf(channel), channelData, auth));
        } catch (RealtimeException refused) {
            assertTrue(Set.of("malformed_frame", "invalid_channel_data").contains(refused.code()), refused.code());
        }
    }

    @Provide
    Arbitrary<String> channelData() {
        Arbitrary<String> valid = Combinators.combine(
                        Arbitraries.oneOf(
                                FuzzInputs.anyString().map(Json::quote),
                                Arbitraries.longs().map(String::valueOf)),
                        FuzzInputs.json(2))
                .as((id, info) -> "{\"user_id\":" + id + ",\"user_info\":" + info + "}");
        return FuzzInputs.nearValid(valid);
    }

    /** The response, or {@code null} for a documented refusal by exception. */
    private static Response answer(Supplier<Response> call) {
        try {
            Response response = call.get();
            assertTrue(Set.of(200, 400, 403).contains(response.getStatus()), () -> "status " + response.getStatus());
            return response;
        } catch (WebApplicationException refused) {
            int status = refused.getResponse().getStatus();
            assertTrue(status == 400 || status == 413, () -> "status " + status); // malformed, or over the form limit
            return null;
        } catch (RealtimeException refused) {
            assertEquals("invalid_channel", refused.code(), refused.getMessage());
            return null;
        }
    }
}
