package dev.realtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.RealtimeException;
import dev.realtime.broker.NoneBroker;
import dev.realtime.channel.ChannelNames;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Disconnect;
import dev.realtime.message.Message;
import dev.realtime.transport.memory.MemoryClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages to a user's signed-in connections and their termination, on one node. */
class UserMessagesTest {
    private final RealtimeNode node =
            new RealtimeNode(RealtimeSettings.from(Map.of("realtime.node.id", "n1")), new NoneBroker());

    /** A connection whose user is known only once it signs in, as {@code pusher:signin} does. */
    private Registration signedIn(MemoryClient client) {
        Registration r = node.register(new dev.realtime.connection.Connection() {
            @Override
            public String id() {
                return client.id() + "-signed";
            }

            @Override
            public String transport() {
                return "test";
            }

            @Override
            public String userId() {
                return client.userId();
            }

            @Override
            public void deliver(dev.realtime.connection.Delivery delivery) {
                client.deliver(delivery);
            }

            @Override
            public void disconnect(Disconnect why, String reason) {
                client.disconnect(why, reason);
            }
        });
        r.identify();
        return r;
    }

    @Test
    void anEventReachesEverySignedInConnectionOfTheUserOnly() throws Exception {
        MemoryClient ann1 = node.memory().connect("ann");
        MemoryClient ann2 = node.memory().connect("ann");
        MemoryClient bob = node.memory().connect("bob");
        signedIn(ann1);
        signedIn(ann2);
        signedIn(bob);

        Message sent = node.users().send("ann", "note", Map.of("n", 1));

        assertEquals(ChannelNames.userChannel("ann"), sent.channel());
        assertEquals("#server-to-user-ann", sent.channel(), "the channel pusher-js listens on");
        assertEquals(List.of(sent), ann1.drain());
        assertEquals(List.of(sent), ann2.drain());
        assertEquals(List.of(), bob.drain());
        assertEquals(Set.of(), node.cluster().occupiedChannels(), "users' channels are never listed");
    }

    @Test
    void terminationClosesEveryConnectionOfTheUserWith4009() throws Exception {
        MemoryClient ann = node.memory().connect("ann");
        MemoryClient bob = node.memory().connect("bob");

        assertEquals(1, node.users().terminateEverywhere("ann"));

        assertEquals(UserMessages.TERMINATED, ann.closeCode());
        assertEquals(0, bob.closeCode());
        assertEquals(1, node.getConnectionCount(), "bob stays");
    }

    @Test
    void aClosedSignedInConnectionLeavesTheUsersChannel() {
        MemoryClient ann = node.memory().connect("ann");
        Registration r = signedIn(ann);
        r.close();
        node.users().send("ann", "note", "x");
        assertEquals(List.of(), ann.drain());
    }

    @ParameterizedTest(name = "[{index}] user id \"{0}\"")
    @ValueSource(strings = {"", "a b", "ann#1", "ünïcode"})
    void invalidUserIdsAreRefused(String userId) {
        RealtimeException e =
                assertThrows(RealtimeException.class, () -> node.users().send(userId, "note", "x"));
        assertEquals("invalid_user", e.code());
    }

    @Test
    void aUserIdOfMoreThan200CharactersIsRefused() {
        assertEquals("a".repeat(200), UserMessages.requireUser("a".repeat(200)));
        RealtimeException e = assertThrows(RealtimeException.class, () -> UserMessages.requireUser("a".repeat(201)));
        assertEquals("invalid_user", e.code());
        assertThrows(RealtimeException.class, () -> node.users().terminateEverywhere("a".repeat(201)));
    }

    @Test
    void anInvalidEventNameIsRefusedBeforeAnythingIsSent() {
        MemoryClient ann = node.memory().connect("ann");
        signedIn(ann);
        assertThrows(RealtimeException.class, () -> node.users().send("ann", "pusher:x", "x"));
        assertEquals(List.of(), ann.drain());
    }
}
