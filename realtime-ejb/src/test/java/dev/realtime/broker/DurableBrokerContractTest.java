package dev.realtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The contract of an at-least-once broker on top of {@link BrokerContractTest}: what a consumer
 * polled but did not commit (the consumer job failed or the node went away) comes again to this
 * node's next consumer, and what it committed does not.
 */
abstract class DurableBrokerContractTest extends BrokerContractTest {

    @Test
    void whatWasPublishedWhileTheNodeHadNoConsumerComesToItsNextOne() throws Exception {
        TestNode a = node("a").awaitConnected();
        try (Broker b = bareBroker("b")) {
            try (BrokerConsumer first = b.consumer(ConsumerOptions.all(100))) {
                awaitConnected(b, first); // the node joins: its queue / group / durable exists from now on
            }
            int count = 500;
            for (int i = 0; i < count; i++) {
                a.manager.broadcast("away." + (i % 5), "n", i);
            }
            Awaitility.await("a published all")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> a.manager.brokerStats().published() >= count);
            List<String> got = new ArrayList<>();
            try (BrokerConsumer next = b.consumer(ConsumerOptions.all(100))) {
                while (got.size() < count) {
                    MessageBatch batch = pollUntilNotEmpty(next);
                    got.addAll(ids(batch));
                    next.commit(batch.end());
                }
            }
            assertEquals(count, new LinkedHashSet<>(got).size(), "each of the " + count + " once");
            assertEquals(count, got.size());
        }
    }

    @Test
    void whatWasNotCommittedComesAgainAndWhatWasCommittedDoesNot() throws Exception {
        TestNode a = node("a").awaitConnected();
        try (Broker b = bareBroker("b")) {
            // The first consumer joins (which makes the node's queue / group / durable consumer)…
            try (BrokerConsumer first = b.consumer(ConsumerOptions.all(4))) {
                awaitConnected(b, first);
                for (int i = 0; i < 10; i++) {
                    a.manager.broadcast("durable", "n", i);
                }
                // …polls a batch and goes away without committing it.
                pollUntilNotEmpty(first);
            }
            Set<String> seen = new LinkedHashSet<>();
            List<String> all = new ArrayList<>();
            // The next consumer of the node (no waiting for the subscription: the messages are kept)
            try (BrokerConsumer second = b.consumer(ConsumerOptions.all(4))) {
                while (seen.size() < 10) {
                    MessageBatch batch = pollUntilNotEmpty(second);
                    all.addAll(ids(batch));
                    seen.addAll(ids(batch));
                    second.commit(batch.end());
                }
            }
            assertEquals(10, all.size(), "each of the ten once, the uncommitted batch included: " + all);
            a.manager.broadcast("durable", "marker", "after");
            try (BrokerConsumer third = b.consumer(ConsumerOptions.all(4))) {
                MessageBatch next = pollUntilNotEmpty(third);
                assertEquals("marker", next.messages().get(0).event(), "committed messages are not delivered again");
                assertTrue(next.messages().stream().noneMatch(m -> seen.contains(m.id())));
                third.commit(next.end());
            }
        }
    }
}
