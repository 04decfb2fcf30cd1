package dev.realtime.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.Connection;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.connection.Delivery;
import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientEventRulesTest {
    private static final int ECHO = 40;

    private final RealtimeNode node = new RealtimeNode(
            RealtimeSettings.from(key -> Optional.ofNullable(
                    Map.of("realtime.limits.echo-bytes", Integer.toString(ECHO)).get(key))),
            new NoneBroker());
    private final ClientEventRules rules = new ClientEventRules(node);
    private final Registration registration = node.register(new Silent());

    @Test
    void aRefusalQuotesAtMostTheEchoCapOfTheEventName() {
        String event = "client-" + "x".repeat(30_000);

        String refusal = rules.refusal(registration, "private-chat.1", event);

        assertNotNull(refusal);
        assertTrue(refusal.contains("client-xxx"), refusal);
        int quoted = refusal.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(quoted < ECHO + 100, quoted + " bytes: " + refusal);
    }

    @Test
    void aRefusalQuotesAtMostTheEchoCapOfTheChannelName() {
        String channel = "news-" + "n".repeat(150);
        registration.subscribe(channel);

        String refusal = rules.refusal(registration, channel, "client-typing");

        assertNotNull(refusal);
        assertTrue(refusal.startsWith("Client events are not allowed on news-nnn"), refusal);
        assertTrue(!refusal.contains(channel), "the whole name is not quoted: " + refusal);
    }

    @Test
    void allowedEventsAreNotRefused() {
        registration.subscribe("private-chat.1");
        assertNull(rules.refusal(registration, "private-chat.1", "client-typing"));
    }

    /** A connection that receives nothing. */
    private static final class Silent implements Connection {
        @Override
        public String id() {
            return "1.1";
        }

        @Override
        public String transport() {
            return "test";
        }

        @Override
        public String userId() {
            return null;
        }

        @Override
        public void deliver(Delivery delivery) {}

        @Override
        public void disconnect(Disconnect why, String reason) {}
    }
}
