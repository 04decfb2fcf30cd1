package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeException;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrokersTest {

    @Test
    void createsTheNoneBroker() {
        Broker broker = Brokers.create("none", RealtimeSettings.defaults(), DaemonThreads.INSTANCE);
        assertInstanceOf(NoneBroker.class, broker);
        assertEquals("none", broker.name());
        assertEquals(NoneBroker.NAME, broker.name());
        assertTrue(broker.isConnected());
        assertDoesNotThrow(() -> broker.publish(new Message("1", "c", "e", "null", 0, "n", null)));
        broker.close();
        broker.close(); // idempotent
        assertTrue(broker.isConnected());
    }

    @Test
    void knownNamesIncludeNone() {
        assertTrue(Brokers.known().contains("none"));
        assertThrows(UnsupportedOperationException.class, () -> Brokers.known().add("x"));
    }

    @ParameterizedTest(name = "unknown broker name \"{0}\" fails")
    @ValueSource(strings = {"activemq", "memory", "", "NONE", " none", "Redis"})
    void unknownNameFailsListingTheKnownOnes(String name) {
        RealtimeException e = assertThrows(
                RealtimeException.class,
                () -> Brokers.create(name, RealtimeSettings.defaults(), DaemonThreads.INSTANCE));
        assertEquals("unknown_broker", e.code());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("realtime.broker"), e.getMessage());
        for (String known : Brokers.known()) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
    }
}
