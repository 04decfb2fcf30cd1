package dev.realtime.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ChannelAuthorizationTest {

    /** An authorizer that records what it is asked and answers with a function. */
    private static final class Recording implements ChannelAuthorizer {
        final String pattern;
        final Function<AuthorizationRequest, Authorization> answer;
        final List<AuthorizationRequest> requests = new CopyOnWriteArrayList<>();

        Recording(String pattern, Function<AuthorizationRequest, Authorization> answer) {
            this.pattern = pattern;
            this.answer = answer;
        }

        /** Allows, as a member named after the pattern, so a test can see which authorizer decided. */
        static Recording named(String pattern) {
            return new Recording(pattern, r -> Authorization.presence(pattern, null));
        }

        @Override
        public String pattern() {
            return pattern;
        }

        @Override
        public Authorization authorize(AuthorizationRequest request) {
            requests.add(request);
            return answer.apply(request);
        }
    }

    private static final Principal ALICE = () -> "alice";

    private static String decider(Authorization authorization) {
        assertTrue(authorization.allowed(), "denied");
        return authorization.userId();
    }

    @Test
    void mostSpecificPatternWinsRegardlessOfBeanOrder() {
        List<Recording> beans = List.of(
                Recording.named("private-{any}"),
                Recording.named("private-chat.{roomId}"),
                Recording.named("private-chat.lobby"),
                Recording.named("private-{a}.{b}"));
        for (int rotation = 0; rotation < beans.size(); rotation++) {
            for (boolean reverse : new boolean[] {false, true}) {
                List<Recording> order = new ArrayList<>(beans);
                Collections.rotate(order, rotation);
                if (reverse) {
                    Collections.reverse(order);
                }
                ChannelAuthorization auth = new ChannelAuthorization(order);
                String where = order.stream().map(r -> r.pattern).toList().toString();

                assertEquals("private-chat.lobby", decider(auth.authorize(ALICE, "private-chat.lobby", "1.1")), where);
                assertEquals("private-chat.{roomId}", decider(auth.authorize(ALICE, "private-chat.42", "1.1")), where);
                assertEquals("private-{a}.{b}", decider(auth.authorize(ALICE, "private-news.42", "1.1")), where);
                assertEquals("private-{any}", decider(auth.authorize(ALICE, "private-orders", "1.1")), where);
                assertEquals(
                        List.of("private-chat.lobby", "private-chat.{roomId}", "private-{a}.{b}", "private-{any}"),
                        auth.patterns(),
                        where);
            }
        }
    }

    @Test
    void onlyTheWinnerIsAsked() {
        Recording general = Recording.named("private-{any}");
        Recording chat = Recording.named("private-chat.{roomId}");
        ChannelAuthorization auth = new ChannelAuthorization(List.of(general, chat));
        auth.authorize(ALICE, "private-chat.42", "1.1");
        assertEquals(1, chat.requests.size());
        assertEquals(List.of(), general.requests);
    }

    @Test
    void aDenialByTheMostSpecificPatternIsFinal() {
        Recording general = Recording.named("private-{any}");
        Recording chat = new Recording("private-chat.{roomId}", r -> Authorization.deny());
        ChannelAuthorization auth = new ChannelAuthorization(List.of(general, chat));
        assertFalse(auth.authorize(ALICE, "private-chat.42", "1.1").allowed());
        assertEquals(List.of(), general.requests, "no fallback to a less specific pattern");
    }

    @Test
    void noMatchingPatternDenies() {
        Recording chat = Recording.named("private-chat.{roomId}");
        ChannelAuthorization auth = new ChannelAuthorization(List.of(chat));
        assertSame(Authorization.deny(), auth.authorize(ALICE, "private-news.42", "1.1"));
        assertSame(Authorization.deny(), auth.authorize(ALICE, "private-chat.4.2", "1.1"));
        assertSame(Authorization.deny(), auth.authorize(null, "presence-chat.42", "1.1"));
        assertEquals(List.of(), chat.requests);

        ChannelAuthorization none = new ChannelAuthorization(List.of());
        assertFalse(none.authorize(ALICE, "private-anything", "1.1").allowed());
        assertEquals(List.of(), none.patterns());
    }

    @Test
    void anAuthorizerExceptionDenies() {
        Recording general = Recording.named("private-{any}");
        Recording failing = new Recording("private-chat.{roomId}", r -> {
            throw new IllegalStateException("database down");
        });
        ChannelAuthorization auth = new ChannelAuthorization(List.of(general, failing));
        Authorization answer = auth.authorize(ALICE, "private-chat.42", "1.1");
        assertFalse(answer.allowed());
        assertNull(answer.userId());
        assertEquals(1, failing.requests.size());
        assertEquals(List.of(), general.requests, "an exception is a denial, not a fallback");
        assertTrue(auth.authorize(ALICE, "private-other", "1.1").allowed(), "other channels are unaffected");
    }

    @Test
    void aNullAnswerDenies() {
        Recording silent = new Recording("private-chat.{roomId}", r -> null);
        ChannelAuthorization auth = new ChannelAuthorization(List.of(silent));
        Authorization answer = auth.authorize(ALICE, "private-chat.42", "1.1");
        assertSame(Authorization.deny(), answer);
        assertEquals(1, silent.requests.size());
    }

    @Test
    void theAnswerIsPassedOnUnchanged() {
        Object info = Map.of("name", "Alice");
        Authorization member = Authorization.presence("u-1", info);
        ChannelAuthorization auth = new ChannelAuthorization(List.of(new Recording("presence-room.{id}", r -> member)));
        assertSame(member, auth.authorize(ALICE, "presence-room.1", "1.1"));
        Authorization allow = Authorization.allow();
        assertSame(
                allow,
                new ChannelAuthorization(List.of(new Recording("private-x", r -> allow)))
                        .authorize(ALICE, "private-x", "1.1"));
    }

    @Test
    void paramsUserAndSocketIdArePassedThrough() {
        Recording rooms = Recording.named("presence-org.{org}.room.{roomId}");
        ChannelAuthorization auth = new ChannelAuthorization(List.of(rooms));
        auth.authorize(ALICE, "presence-org.acme.room.42", "123.456");

        AuthorizationRequest request = rooms.requests.get(0);
        assertSame(ALICE, request.user());
        assertEquals("alice", request.user().getName());
        assertEquals("presence-org.acme.room.42", request.channel());
        assertEquals("123.456", request.socketId());
        assertEquals(Map.of("org", "acme", "roomId", "42"), request.params());
        assertEquals("acme", request.param("org"));
        assertEquals("42", request.param("roomId"));
        assertNull(request.param("missing"));
    }

    @Test
    void anonymousUserIsPassedAsNull() {
        Recording literal = Recording.named("private-orders");
        new ChannelAuthorization(List.of(literal)).authorize(null, "private-orders", "1.2");
        AuthorizationRequest request = literal.requests.get(0);
        assertNull(request.user());
        assertEquals(Map.of(), request.params());
        assertEquals("1.2", request.socketId());
    }

    @Test
    void anInvalidPatternFailsAtConstruction() {
        List<ChannelAuthorizer> beans = List.of(Recording.named("private-{id}.{id}"));
        assertThrows(IllegalArgumentException.class, () -> new ChannelAuthorization(beans));
    }

    @Test
    void equallySpecificPatternsKeepBeanOrder() {
        // same literal length: the first bean that matches decides (the sort is stable)
        Recording first = Recording.named("private-{a}x");
        Recording second = Recording.named("private-x{b}");
        assertEquals(
                "private-{a}x",
                decider(new ChannelAuthorization(List.of(first, second)).authorize(ALICE, "private-xx", "1.1")));
        assertEquals(
                "private-x{b}",
                decider(new ChannelAuthorization(List.of(second, first)).authorize(ALICE, "private-xx", "1.1")));
    }
}
