package dev.realtime.broker.kafka;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.BrokerThroughputBenchmark;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.KafkaServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * Kafka publish and consume throughput of the real broker code against a real single-node KRaft
 * broker on this machine, for the grouped and the per-channel topic strategy. Not a test: run it
 * by hand and copy its table into the README.
 *
 * <pre>
 * mvn -q -pl server-config package &amp;&amp; mvn -q -pl realtime-ejb test-compile exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.realtime.broker.kafka.KafkaThroughputBenchmark \
 *   -Dexec.args="500000 1000 grouped,per-channel"
 * </pre>
 *
 * <p>Publish: {@code broadcast()} on one node (no local subscribers) until Kafka acknowledged every
 * message (acks=all, idempotent producer). Consume: a fresh node's consumer reads them all from the
 * beginning in batches of 1000 and runs the consumer job's path on each batch: decode, drop own
 * messages, {@code broadcastLocal()}, commit.
 */
public final class KafkaThroughputBenchmark {

    /** One strategy's numbers. */
    public record Result(
            String strategy,
            int channels,
            int topics,
            int messages,
            double broadcastPerSecond,
            double ackedPerSecond,
            double consumedPerSecond,
            long consumed,
            long failed) {

        String row() {
            return String.format(
                    "| %s | %d | %d | %,d | %,.0f | %,.0f | %,.0f |",
                    strategy, channels, topics, messages, broadcastPerSecond, ackedPerSecond, consumedPerSecond);
        }
    }

    private KafkaThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        KafkaServerProcess.start();
        List<Result> results = new ArrayList<>();
        List<String> strategies = args.length > 2 ? List.of(args[2].split(",")) : List.of("grouped", "per-channel");
        for (String strategy : strategies) {
            Result result = run(strategy, messages, channels);
            System.out.println("RESULT " + result);
            results.add(result);
        }
        System.out.println();
        System.out.println(machine());
        System.out.println();
        System.out.println("| strategy | channels | topics | messages | broadcast() calls/s | acked by Kafka msg/s"
                + " | consumed msg/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        results.forEach(r -> System.out.println(r.row()));
        System.exit(0); // the KRaft process stops with this JVM
    }

    /** Publishes {@code messages} over {@code channels} and consumes them again on another node. */
    public static Result run(String strategy, int messages, int channels) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = new HashMap<>();
        config.put("realtime.app.secret", "bench");
        config.put("realtime.broker", "kafka");
        config.put("realtime.kafka.bootstrap.servers", KafkaServerProcess.bootstrap());
        config.put("realtime.kafka.topic-strategy", strategy);
        config.put("realtime.history.size", "0");
        config.put("realtime.cluster.replication", "false"); // the broker's throughput, nothing else
        config.put("realtime.broker.publish-queue", String.valueOf(messages + channels));
        config.put("realtime.broker.publish-batch", "5000");
        config.put("realtime.consumer.batch-size", "1000");
        config.put("realtime.kafka.consumer.auto.offset.reset", "earliest");
        if (strategy.equals("grouped")) {
            config.put(
                    "realtime.kafka.topics",
                    "user.*=" + run + "-user,private-*=" + run + "-private,presence-*=" + run + "-presence");
            config.put("realtime.kafka.default-topic", run + "-events");
            config.put("realtime.kafka.partitions", "6");
        } else {
            config.put("realtime.kafka.topic-prefix", run + ".");
            config.put("realtime.kafka.partitions", "1");
        }
        String[] names = new String[channels];
        for (int i = 0; i < channels; i++) {
            names[i] = switch (i % 4) {
                case 0 -> "user." + i;
                case 1 -> "private-chat." + i;
                case 2 -> "presence-room." + i;
                default -> "news." + i;
            };
        }
        RawJson payload = new RawJson("{\"text\":\"a message of about a hundred bytes, as a chat line or a notice\"}");

        RealtimeNode publisher = node(config, "bench-pub-" + run);
        // Topics exist before the clock starts: one message per channel, acknowledged.
        for (String name : names) {
            publisher.broadcast(name, "warm", payload);
        }
        awaitAcked(publisher, channels);

        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            publisher.broadcast(names[i % channels], "tick", payload);
        }
        long called = System.nanoTime();
        awaitAcked(publisher, (long) channels + messages);
        long acked = System.nanoTime();
        BrokerStats published = publisher.brokerStats();
        int topics = strategy.equals("grouped") ? 4 : channels;
        publisher.broker().close();

        RealtimeNode reader = node(config, "bench-sub-" + run);
        long expected = (long) channels + messages;
        long consumed = 0;
        long consumeStart;
        try (BrokerConsumer consumer = reader.broker().consumer(ConsumerOptions.all(1000))) {
            BrokerRelay relay = new BrokerRelay(consumer, reader.settings().nodeId(), List.of());
            Consumer<List<Message>> deliver = kept -> kept.forEach(reader::broadcastLocal);
            // The first poll joins the group; the clock starts at the first message.
            MessageBatch first;
            do {
                first = relay.relay(Duration.ofMillis(500), deliver);
            } while (first.isEmpty());
            consumeStart = System.nanoTime();
            consumed += first.size();
            long idleSince = System.nanoTime();
            while (consumed < expected
                    && System.nanoTime() - idleSince < Duration.ofSeconds(30).toNanos()) {
                MessageBatch batch = relay.relay(Duration.ofMillis(500), deliver);
                if (!batch.isEmpty()) {
                    consumed += batch.size();
                    idleSince = System.nanoTime();
                }
            }
        }
        long consumeEnd = System.nanoTime();
        reader.broker().close();
        return new Result(
                strategy,
                channels,
                topics,
                messages,
                perSecond(messages, called - start),
                perSecond(messages, acked - start),
                perSecond(consumed, consumeEnd - consumeStart),
                consumed,
                published.failed() + published.dropped());
    }

    private static RealtimeNode node(Map<String, String> config, String nodeId) {
        Map<String, String> own = new HashMap<>(config);
        own.put("realtime.node.id", nodeId);
        return new RealtimeNode(RealtimeSettings.from(own));
    }

    /** Waits until Kafka acknowledged {@code count} messages; fails at the first lost one. */
    private static void awaitAcked(RealtimeNode node, long count) {
        Awaitility.await(count + " acknowledged")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    BrokerStats stats = node.brokerStats();
                    if (stats.failed() + stats.dropped() > 0) {
                        throw new IllegalStateException("publishing failed: " + stats);
                    }
                    return stats.published() >= count;
                });
    }

    private static double perSecond(long count, long nanos) {
        return count * 1e9 / Math.max(1, nanos);
    }

    /** The machine and settings, for the README beside the numbers. */
    static String machine() throws Exception {
        String cpu = BrokerThroughputBenchmark.cpuModel();
        return String.format(
                "Machine: %d cores (%s), %d MB max heap, Java %s; Kafka 4.4.0 single-node KRaft on 127.0.0.1"
                        + " (same machine, -Xmx512m); payload ~100 bytes; acks=all, idempotent, linger.ms=5,"
                        + " batch.size=64 KiB; consumer batches of 1000, committed after each batch.",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
    }
}
