package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.config.OpsSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadinessTest {

    private static BrokerStats broker(boolean connected, long lag) {
        return new BrokerStats("redis", connected, 0, 0, 0, 0, 0, lag);
    }

    private static ConsumerActivity.Snapshot consumer(int running, long lag) {
        return new ConsumerActivity.Snapshot(running, Instant.EPOCH, null, "", 0, 0, lag);
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @CsvSource(
            delimiter = '|',
            value = {
                // connected | consumer required | running | consumer lag | broker lag | max lag | reasons
                "true  | false | 0 | -1   | -1   | -1  | ''",
                "false | false | 0 | -1   | -1   | -1  | broker-disconnected",
                "true  | true  | 0 | -1   | -1   | -1  | consumer-not-running",
                "true  | true  | 1 | -1   | -1   | -1  | ''",
                "true  | false | 1 | 5000 | -1   | -1  | ''",
                "true  | false | 1 | 101  | -1   | 100 | consumer-lag",
                "true  | false | 1 | 100  | -1   | 100 | ''",
                "true  | false | 0 | -1   | 101  | 100 | consumer-lag",
                "true  | false | 0 | -1   | -1   | 0   | ''",
                "false | true  | 0 | -1   | 7    | 0   | broker-disconnected consumer-not-running consumer-lag",
            })
    void decides(
            boolean connected,
            boolean consumerRequired,
            int running,
            long consumerLag,
            long brokerLag,
            long maxLag,
            String reasons) {
        Readiness r = Readiness.of(
                new OpsSettings(consumerRequired, maxLag, true),
                broker(connected, brokerLag),
                consumer(running, consumerLag));
        List<String> expected =
                reasons.isBlank() ? List.of() : List.of(reasons.trim().split(" "));
        assertEquals(expected, r.reasons().stream().map(Readiness.Reason::code).toList());
        assertEquals(expected.isEmpty() ? 200 : 503, r.status());
    }

    @org.junit.jupiter.api.Test
    void aDrainingNodeIsNotReadyWhateverElseHolds() {
        Readiness draining = Readiness.of(new OpsSettings(false, -1, true), broker(true, -1), consumer(1, -1), true);
        assertEquals(503, draining.status());
        assertEquals(
                List.of("draining"),
                draining.reasons().stream().map(Readiness.Reason::code).toList());
    }

    @org.junit.jupiter.api.Test
    void answersJsonWithTheReasons() {
        Readiness down = Readiness.of(new OpsSettings(false, -1, true), broker(false, -1), consumer(0, -1));
        assertEquals(
                "{\"status\":\"not-ready\",\"node\":\"n1\",\"reasons\":[{\"code\":\"broker-disconnected\","
                        + "\"detail\":\"the redis broker is not connected\"}]}",
                down.toJson("n1"));
        Readiness up = Readiness.of(new OpsSettings(false, -1, true), broker(true, -1), consumer(0, -1));
        assertEquals("{\"status\":\"ready\",\"node\":\"n1\",\"reasons\":[]}", up.toJson("n1"));
    }
}
