package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrokerCountersTest {

    @Test
    void consumerBufferDropsAreNotPublishQueueDrops() {
        BrokerCounters counters = new BrokerCounters();
        counters.consumed(5);
        counters.consumerDropped(2);
        counters.dropped(3);
        BrokerStats stats = counters.snapshot("test", true, 0, -1);
        assertEquals(5, stats.consumed());
        assertEquals(2, stats.consumerDropped());
        assertEquals(3, stats.dropped());
        assertEquals(3, counters.dropped());
    }

    @Test
    void theJsonCarriesEveryCounter() {
        BrokerStats stats = new BrokerStats("redis", false, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        String json = stats.toJson();
        assertEquals(
                "{\"name\":\"redis\",\"connected\":false,\"published\":1,\"consumed\":2,\"failed\":3,\"dropped\":4,"
                        + "\"pending\":5,\"lag\":6,\"refused\":7,\"unsigned\":8,\"consumerDropped\":9}",
                json);
        assertTrue(new BrokerStats("none", true, 0, 0, 0, 0, 0, -1).toJson().endsWith("\"consumerDropped\":0}"));
    }
}
