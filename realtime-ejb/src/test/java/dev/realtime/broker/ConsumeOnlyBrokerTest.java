package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consume-only broker (the standalone consumer's) starts no publisher: no sender thread, so no
 * publishing connection and no pings, and publishing is refused. Needs no broker server: nothing
 * here connects.
 */
class ConsumeOnlyBrokerTest {
    private static final Message MESSAGE = new Message("1", "news", "e", "1", 0L, "me", null);

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(strings = {"redis", "rabbitmq", "nats", "postgres"})
    void startsNoPublisherAndRefusesToPublish(String name) {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory counting = r -> {
            threads.incrementAndGet();
            return DaemonThreads.INSTANCE.newThread(r);
        };
        RealtimeSettings settings = RealtimeSettings.from(Map.of("realtime.broker", name));

        Broker broker = Brokers.consumeOnly(name, settings, counting);
        try {
            assertEquals(name, broker.name());
            assertEquals(0, threads.get(), "no publisher thread");
            assertThrows(IllegalStateException.class, () -> broker.publish(MESSAGE));
            BrokerStats stats = broker.stats();
            assertEquals(0, stats.pending());
            assertEquals(0, stats.published());
        } finally {
            broker.close();
        }
        assertEquals(0, threads.get(), "closing starts nothing either");
    }
}
