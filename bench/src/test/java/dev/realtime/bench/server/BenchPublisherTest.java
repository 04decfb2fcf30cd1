package dev.realtime.bench.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.NoneBroker;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchPublisherTest {
    private static final Pattern PAYLOAD =
            Pattern.compile("\\{\"k\":7,\"c\":(\"all\"|\\d+),\"s\":(\\d+),\"t\":(\\d+\\.\\d{3}),\"p\":\"(x*)\"}");

    private static RealtimeManager manager() {
        return new RealtimeManager(new RealtimeNode(RealtimeSettings.from(key -> Optional.empty()), new NoneBroker()));
    }

    @Test
    void publishesTheRateRoundRobinWithSequencesPerChannel() {
        RealtimeManager manager = manager();
        MemoryClient zero = manager.memory().connect().subscribe("bench-0");
        MemoryClient one = manager.memory().connect().subscribe("bench-1");

        long[] sent = new BenchPublisher("bench-", 2, 40, 1, 7, 3).run(manager);

        assertArrayEquals(new long[] {20, 20}, sent);
        for (MemoryClient client : List.of(zero, one)) {
            List<Message> messages = client.drain();
            assertEquals(20, messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Matcher m = PAYLOAD.matcher(messages.get(i).data());
                assertTrue(m.matches(), messages.get(i).data());
                assertEquals(Integer.toString(i), m.group(2));
                assertEquals("xxx", m.group(4));
                assertEquals("bench", messages.get(i).event());
            }
        }
    }

    @Test
    void oneChannelIsTheSharedOne() {
        RealtimeManager manager = manager();
        MemoryClient all = manager.memory().connect().subscribe("p-all");

        assertArrayEquals(new long[] {5}, new BenchPublisher("p-", 1, 5, 1, 7, 0).run(manager));
        assertTrue(all.drain().get(4).data().startsWith("{\"k\":7,\"c\":\"all\",\"s\":4,"));
    }

    @Test
    void sendTimesAreMillisecondsWithThreeDecimalsNeverInExponentNotation() {
        StringBuilder out = new StringBuilder();
        BenchPublisher.appendMillis(out, 98_765_432_100_007L);
        assertEquals("98765432100.007", out.toString());
        out.setLength(0);
        BenchPublisher.appendMillis(out, 1_050L);
        assertEquals("1.050", out.toString());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new BenchPublisher("", 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BenchPublisher("b-", 0, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BenchPublisher("b-", 1, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BenchPublisher("b-", 1, 1, 121, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BenchPublisher("b-", 1, 1, 1, -1, 0));
    }
}
