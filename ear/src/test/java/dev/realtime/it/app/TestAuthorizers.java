package dev.realtime.it.app;

import dev.realtime.auth.Authorization;
import dev.realtime.auth.AuthorizationRequest;
import dev.realtime.auth.ChannelAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The test application's channel rules, one CDI bean per pattern, as an application writes them. */
public final class TestAuthorizers {
    private TestAuthorizers() {}

    /** Chat rooms: members alice and bob; room "locked" admits nobody. */
    @ApplicationScoped
    public static class ChatRooms implements ChannelAuthorizer {
        private static final Set<String> MEMBERS = Set.of("alice", "bob");

        @Override
        public String pattern() {
            return "private-chat.{roomId}";
        }

        @Override
        public Authorization authorize(AuthorizationRequest request) {
            boolean member =
                    request.user() != null && MEMBERS.contains(request.user().getName());
            return member && !"locked".equals(request.param("roomId")) ? Authorization.allow() : Authorization.deny();
        }
    }

    /** Presence rooms: every signed-in user except mallory, shown with a display name. */
    @ApplicationScoped
    public static class PresenceRooms implements ChannelAuthorizer {
        @Override
        public String pattern() {
            return "presence-room.{id}";
        }

        @Override
        public Authorization authorize(AuthorizationRequest request) {
            if (request.user() == null || request.user().getName().equals("mallory")) {
                return Authorization.deny();
            }
            String name = request.user().getName();
            return Authorization.presence(
                    name, Map.of("name", Character.toUpperCase(name.charAt(0)) + name.substring(1)));
        }
    }

    /** Personal channels (user.{userId}, private by realtime.channels.private-patterns): only the user. */
    @ApplicationScoped
    public static class PersonalChannels implements ChannelAuthorizer {
        @Override
        public String pattern() {
            return "user.{userId}";
        }

        @Override
        public Authorization authorize(AuthorizationRequest request) {
            return request.user() != null && request.user().getName().equals(request.param("userId"))
                    ? Authorization.allow()
                    : Authorization.deny();
        }
    }
}
