package dev.realtime.api;

import static dev.realtime.api.ApiTesting.assertError;
import static dev.realtime.api.ApiTesting.assertRefused;
import static dev.realtime.api.ApiTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelQueriesTest {
    private final RealtimeNode node = ApiTesting.node(Map.of());
    private final List<MemoryClient> clients = new ArrayList<>();

    /** A connection on {@code channel}; on a presence channel as {@code user}. */
    private MemoryClient join(String channel, String user) {
        MemoryClient client = user == null
                ? node.memory().connect().subscribe(channel)
                : node.memory().connect(user).join(channel, "{\"name\":\"" + user + "\"}");
        clients.add(client);
        return client;
    }

    @BeforeEach
    void channels() {
        join("news", null);
        join("news", null);
        join("alerts", null);
        join("private-orders", null);
        join("presence-room", "alice");
        join("presence-room", "bob");
        join("presence-room", "alice"); // a second tab: one user, two subscriptions
        join("presence-lobby", "carol");
    }

    @AfterEach
    void close() {
        clients.forEach(MemoryClient::close);
    }

    @Test
    void listsOccupiedChannelsSortedByName() {
        assertEquals(
                json("{\"channels\":{\"alerts\":{},\"news\":{},\"presence-lobby\":{},\"presence-room\":{},"
                        + "\"private-orders\":{}}}"),
                json(ChannelQueries.list(node, null, null)));
    }

    @Test
    void listFiltersByPrefix() {
        assertEquals(json("{\"channels\":{\"private-orders\":{}}}"), json(ChannelQueries.list(node, "private-", "")));
        assertEquals(json("{\"channels\":{}}"), json(ChannelQueries.list(node, "nothing-", null)));
    }

    @Test
    void listWithUserCountOfPresenceChannels() {
        assertEquals(
                json("{\"channels\":{\"presence-lobby\":{\"user_count\":1},\"presence-room\":{\"user_count\":2}}}"),
                json(ChannelQueries.list(node, "presence-", "user_count")));
        assertEquals(
                json("{\"channels\":{\"presence-room\":{\"user_count\":2}}}"),
                json(ChannelQueries.list(node, "presence-r", " user_count ")));
    }

    @Test
    void userCountInTheListNeedsThePresencePrefix() {
        assertError(400, "invalid_info", () -> ChannelQueries.list(node, null, "user_count"));
        assertError(400, "invalid_info", () -> ChannelQueries.list(node, "private-", "user_count"));
        assertError(400, "invalid_info", () -> ChannelQueries.list(node, "presence-", "subscription_count"));
        assertError(400, "invalid_info", () -> ChannelQueries.list(node, "presence-", "members"));
    }

    @Test
    void leftChannelsAreNoLongerListed() {
        clients.forEach(MemoryClient::close);
        assertEquals(json("{\"channels\":{}}"), json(ChannelQueries.list(node, null, null)));
    }

    @Test
    void oneChannel() {
        assertEquals(json("{\"occupied\":true}"), json(ChannelQueries.channel(node, "news", null)));
        assertEquals(
                json("{\"occupied\":true,\"subscription_count\":2}"),
                json(ChannelQueries.channel(node, "news", "subscription_count")));
        assertEquals(
                json("{\"occupied\":false,\"subscription_count\":0}"),
                json(ChannelQueries.channel(node, "empty", "subscription_count")));
    }

    @Test
    void presenceChannelCountsUsersAndSubscriptions() {
        assertEquals(
                json("{\"occupied\":true,\"user_count\":2,\"subscription_count\":3}"),
                json(ChannelQueries.channel(node, "presence-room", "user_count,subscription_count")));
        assertEquals(
                json("{\"occupied\":false,\"user_count\":0}"),
                json(ChannelQueries.channel(node, "presence-empty", "user_count")));
    }

    @Test
    void userCountOnlyForPresenceChannels() {
        assertError(400, "invalid_info", () -> ChannelQueries.channel(node, "news", "user_count"));
        assertError(400, "invalid_info", () -> ChannelQueries.channel(node, "private-orders", "user_count"));
        assertError(400, "invalid_info", () -> ChannelQueries.channel(node, "news", "occupied"));
    }

    @Test
    void invalidChannelName() {
        assertRefused("invalid_channel", () -> ChannelQueries.channel(node, "bad name", null));
        assertRefused("invalid_channel", () -> ChannelQueries.users(node, "presence-bad name"));
    }

    @Test
    void usersOfAPresenceChannelOncePerUserInJoinOrder() {
        assertEquals(
                json("{\"users\":[{\"id\":\"alice\"},{\"id\":\"bob\"}]}"),
                json(ChannelQueries.users(node, "presence-room")));
        assertEquals(json("{\"users\":[]}"), json(ChannelQueries.users(node, "presence-empty")));
    }

    @Test
    void usersOnlyForPresenceChannels() {
        assertError(400, "not_presence_channel", () -> ChannelQueries.users(node, "news"));
        assertError(400, "not_presence_channel", () -> ChannelQueries.users(node, "private-orders"));
    }

    @Test
    void infoAttributes() {
        Set<String> allowed = Set.of("user_count", "subscription_count");
        assertEquals(Set.of(), ChannelQueries.attributes(null, allowed));
        assertEquals(Set.of(), ChannelQueries.attributes(" , ", allowed));
        assertEquals(allowed, ChannelQueries.attributes("subscription_count, user_count,user_count", allowed));
    }
}
