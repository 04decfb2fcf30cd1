package dev.realtime.broker;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.testing.KafkaServerProcess;
import dev.realtime.testing.NatsServerProcess;
import dev.realtime.testing.RabbitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.awaitility.Awaitility;

/**
 * End-to-end throughput of every server-to-server broker, on the real servers of this machine: node
 * A {@code broadcast()}s messages of about 100 bytes round-robin over a number of channels as fast
 * as the call returns; node B (another {@link RealtimeManager} in this JVM, the same broker config)
 * runs the consumer job's loop (poll, {@link BrokerRelay#keep}, {@code broadcastLocal}, commit),
 * started and connected before A publishes, and checks that every message arrives once and in order
 * per channel. Not a test: run it by hand and copy its table into the README.
 *
 * <pre>
 * mvn -q -B -o package -pl server-config &amp;&amp; mvn -q -B -o -pl realtime-ejb test-compile exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.realtime.broker.BrokerThroughputBenchmark \
 *   -Dexec.args="200000 100 redis,kafka,rabbitmq-exclusive,rabbitmq-durable,nats-core,nats-jetstream,postgres"
 * </pre>
 *
 * <p>Each variant isolates itself and cleans up as its contract test does (prefixes, exchange,
 * stream, table of the run's own). A variant gives up once nothing moved for {@link #IDLE} and
 * reports what arrived. The variants run one after another in one JVM, after an untimed round of
 * each (at most 20,000 messages) that warms up the JIT.
 */
public final class BrokerThroughputBenchmark {
    /** How long a variant may make no progress before it gives up. */
    static final Duration IDLE = Duration.ofSeconds(60);

    private static final int CONSUMER_BATCH = 500;
    private static final String TEXT = "a message of about a hundred bytes, as a chat line or a notice.";

    /** One broker variant: its server check, its isolated config for a run, its clean-up. */
    record Variant(String name, Check require, Function<String, Map<String, String>> config, CleanUp cleanUp) {}

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface CleanUp {
        void run(String run) throws Exception;
    }

    /** The variants by name, in the order of the README. */
    static final Map<String, Variant> VARIANTS = variants();

    private static Map<String, Variant> variants() {
        Map<String, Variant> all = new LinkedHashMap<>();
        List.of(
                        new Variant(
                                "redis", RedisBrokerContractTest::require, RedisBrokerContractTest::config, run -> {}),
                        new Variant("kafka", KafkaServerProcess::start, BrokerThroughputBenchmark::kafka, run -> {}),
                        new Variant(
                                "rabbitmq-exclusive",
                                RabbitServer::require,
                                RabbitExclusiveContractTest::config,
                                run -> RabbitServer.delete(
                                        List.of(), List.of(RabbitExclusiveContractTest.exchange(run)))),
                        new Variant(
                                "rabbitmq-durable",
                                RabbitServer::require,
                                RabbitDurableContractTest::config,
                                run -> RabbitDurableContractTest.deleteQueuesAndExchanges(List.of(run))),
                        new Variant(
                                "nats-core", NatsCoreContractTest::require, NatsCoreContractTest::config, run -> {}),
                        new Variant(
                                "nats-jetstream",
                                NatsCoreContractTest::require,
                                NatsJetStreamContractTest::config,
                                run -> NatsServerProcess.deleteStreams(
                                        "nats://127.0.0.1:4222", Set.of(NatsJetStreamContractTest.stream(run)))),
                        new Variant(
                                "postgres",
                                dev.realtime.broker.postgres.PostgresTesting::requireServer,
                                PostgresContractTest::config,
                                PostgresContractTest::dropTable))
                .forEach(v -> all.put(v.name(), v));
        return all;
    }

    /** Grouped topics (as the contract test) with names of the run's own, as the Kafka benchmark. */
    private static Map<String, String> kafka(String run) {
        Map<String, String> config = new HashMap<>(KafkaGroupedContractTest.config());
        config.put(
                "realtime.kafka.topics",
                "user.*=" + run + "-user,private-*=" + run + "-private,presence-*=" + run + "-presence");
        config.put("realtime.kafka.default-topic", run + "-events");
        return config;
    }

    /**
     * One variant's numbers.
     *
     * @param broadcastPerSecond {@code broadcast()} calls on A per second
     * @param publishedPerSecond messages per second until the broker accepted all of them
     *     ({@code brokerStats().published()} on A); 0 if it never did
     * @param deliveredPerSecond messages relayed at B per second, first to last
     * @param published what A's broker accepted
     * @param delivered distinct messages relayed at B
     * @param duplicates messages relayed at B again
     * @param outOfOrder messages relayed at B after a later one of their channel
     * @param failed failed counters of A and B
     * @param dropped A's dropped counter (publish queue full)
     * @param gaveUp whether the variant stopped waiting because nothing moved for {@link #IDLE}
     */
    public record Result(
            String variant,
            int messages,
            int channels,
            double broadcastPerSecond,
            double publishedPerSecond,
            double deliveredPerSecond,
            long published,
            long delivered,
            long duplicates,
            long outOfOrder,
            long failed,
            long dropped,
            boolean gaveUp) {

        String row() {
            return String.format(
                    "| %s | %,d | %d | %,.0f | %,.0f | %,.0f | %,d | %,d | %d | %d | %d | %d | %s |",
                    variant,
                    messages,
                    channels,
                    broadcastPerSecond,
                    publishedPerSecond,
                    deliveredPerSecond,
                    published,
                    delivered,
                    duplicates,
                    outOfOrder,
                    failed,
                    dropped,
                    gaveUp ? "gave up after " + IDLE.toSeconds() + " s idle" : "");
        }
    }

    private BrokerThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<String> variants = args.length > 2 ? List.of(args[2].split(",")) : List.copyOf(VARIANTS.keySet());
        // A small untimed round of every variant first, so that no variant's numbers include the
        // JIT compiling the shared path (broadcast, the envelope, the relay) for the first time.
        for (String variant : variants) {
            run(variant, Math.min(messages, 20_000), channels, IDLE);
        }
        String loadBefore = loadAverage();
        List<Result> results = new ArrayList<>();
        for (String variant : variants) {
            Result result = run(variant, messages, channels, IDLE);
            System.out.println("RESULT " + result);
            results.add(result);
        }
        String loadAfter = loadAverage();
        System.out.println();
        System.out.println(machine());
        System.out.println();
        System.out.println("Settings: " + messages + " messages of ~100 bytes (RawJson) round-robin over " + channels
                + " channels, one publishing node A and one consuming node B in one JVM; publish queue "
                + messages + " + " + channels + ", publish batch 500, consumer batch " + CONSUMER_BATCH
                + "; Kafka: grouped topics, 3 partitions; a variant gives up after " + IDLE.toSeconds()
                + " s without progress. Load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAfter
                + ".");
        System.out.println();
        System.out.println(
                "| broker | messages | channels | broadcast() calls/s | published msg/s | delivered msg/s at B"
                        + " | published | delivered | duplicates | out of order | failed | dropped | note |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        results.forEach(r -> System.out.println(r.row()));
        System.exit(0); // the KRaft process stops with this JVM
    }

    /**
     * Runs one variant: B's consumer connects, A broadcasts {@code messages} over {@code channels},
     * and both are waited for until everything arrived or nothing moved for {@code idle}.
     */
    public static Result run(String variantName, int messages, int channels, Duration idle) throws Exception {
        Variant variant = VARIANTS.get(variantName);
        if (variant == null) {
            throw new IllegalArgumentException("unknown broker " + variantName + "; one of " + VARIANTS.keySet());
        }
        variant.require().run();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>(variant.config().apply(run));
        config.put("realtime.history.size", "0");
        config.put("realtime.cluster.replication", "false"); // the broker's throughput, nothing else
        config.put("realtime.broker.publish-queue", String.valueOf(messages + channels));
        String[] names = new String[channels];
        for (int i = 0; i < channels; i++) {
            names[i] = switch (i % 4) {
                case 0 -> "user." + i;
                case 1 -> "private-chat." + i;
                case 2 -> "presence-room." + i;
                default -> "news." + i;
            };
        }
        RawJson[] payloads = new RawJson[messages];
        for (int i = 0; i < messages; i++) {
            payloads[i] = new RawJson("{\"seq\":" + i + ",\"text\":\"" + TEXT + "\"}");
        }
        Arrivals arrivals = new Arrivals(names, messages);
        TestNode b = null;
        RealtimeManager a = null;
        try {
            // B consumes before A publishes: pub/sub brokers keep nothing for absent consumers.
            b = new TestNode(config, "b-" + run, List.of(), CONSUMER_BATCH, arrivals).awaitConnected();
            a = publisher(config, "a-" + run);
            RealtimeManager publisher = a;
            Awaitility.await("A connected")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> publisher.broker().isConnected());

            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                a.broadcast(names[i % channels], "tick", payloads[i]);
            }
            long called = System.nanoTime();
            long published = awaitCount(() -> publisher.brokerStats().published(), messages, idle);
            TestNode consumer = b;
            boolean allDelivered = awaitCount(consumer.relayed::get, messages, idle) > 0;
            BrokerStats atA = a.brokerStats();
            BrokerStats atB = b.manager.brokerStats();
            b.close(); // joins the consumer loop: its arrivals are final and visible from here
            b = null;
            return new Result(
                    variantName,
                    messages,
                    channels,
                    perSecond(messages, called - start),
                    published < 0 ? 0 : perSecond(messages, published - start),
                    perSecond(arrivals.delivered, arrivals.last - arrivals.first),
                    atA.published(),
                    arrivals.delivered,
                    arrivals.duplicates,
                    arrivals.outOfOrder,
                    atA.failed() + atB.failed(),
                    atA.dropped(),
                    published < 0 || !allDelivered);
        } finally {
            try {
                if (b != null) {
                    b.close();
                }
                if (a != null) {
                    a.broker().close();
                }
            } finally {
                variant.cleanUp().run(run);
            }
        }
    }

    /** What arrived at B, seen on B's consumer loop thread only. */
    static final class Arrivals implements Consumer<Message> {
        private final String[] names;
        private final int messages;
        private final BitSet seen;
        private final int[] lastSeq;
        long delivered;
        long duplicates;
        long outOfOrder;
        long first;
        long last;

        Arrivals(String[] names, int messages) {
            this.names = names;
            this.messages = messages;
            this.seen = new BitSet(messages);
            this.lastSeq = new int[names.length];
            java.util.Arrays.fill(lastSeq, -1);
        }

        @Override
        public void accept(Message m) {
            long now = System.nanoTime();
            if (first == 0) {
                first = now;
            }
            last = now;
            int seq = seq(m.data());
            int channel = Math.floorMod(seq, names.length);
            if (seq < 0 || seq >= messages || !names[channel].equals(m.channel())) {
                throw new IllegalStateException("a message that was not sent: " + m);
            }
            if (seen.get(seq)) {
                duplicates++;
                return;
            }
            seen.set(seq);
            delivered++;
            if (seq < lastSeq[channel]) {
                outOfOrder++;
            } else {
                lastSeq[channel] = seq;
            }
        }

        /** The sequence number of a payload {@code {"seq":123,...}}. */
        private static int seq(String data) {
            int from = data.indexOf("\"seq\":") + 6;
            int to = data.indexOf(',', from);
            return from < 6 || to < 0 ? -1 : Integer.parseInt(data, from, to, 10);
        }
    }

    private static RealtimeManager publisher(Map<String, String> config, String nodeId) {
        Map<String, String> own = new HashMap<>(config);
        own.put("realtime.node.id", nodeId);
        own.put("realtime.app.secret", "bench");
        return new RealtimeManager(new RealtimeNode(RealtimeSettings.from(own)));
    }

    /**
     * Waits until {@code count} reaches {@code target}, or gave up after {@code idle} without
     * progress.
     *
     * @return when it reached the target (nanoTime), or -1 if it gave up
     */
    private static long awaitCount(LongSupplier count, long target, Duration idle) {
        AtomicLong seen = new AtomicLong(-1);
        AtomicLong movedAt = new AtomicLong(System.nanoTime());
        AtomicLong reachedAt = new AtomicLong(-1);
        Awaitility.await()
                .atMost(Duration.ofHours(2))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    long now = System.nanoTime();
                    long c = count.getAsLong();
                    if (c >= target) {
                        reachedAt.set(now);
                        return true;
                    }
                    if (seen.getAndSet(c) != c) {
                        movedAt.set(now);
                    }
                    return now - movedAt.get() > idle.toNanos();
                });
        return reachedAt.get();
    }

    private static double perSecond(long count, long nanos) {
        return count * 1e9 / Math.max(1, nanos);
    }

    /** {@code /proc/loadavg}'s three load averages, or "unknown". */
    static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** The CPU model from {@code /proc/cpuinfo}, for the README beside the numbers. */
    public static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown CPU";
        }
        return Files.readAllLines(cpuinfo).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
    }

    /** The machine, for the README beside the numbers. */
    static String machine() throws Exception {
        String nproc = "?";
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            nproc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
        } catch (IOException e) {
            // no coreutils: leave it unknown
        }
        return String.format(
                "Machine: %d cores seen by the JVM, `nproc` %s (%s), %d MB max heap, Java %s (%s); all servers on"
                        + " 127.0.0.1 on the same machine (Kafka: single-node KRaft, -Xmx512m).",
                Runtime.getRuntime().availableProcessors(),
                nproc,
                cpuModel(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }
}
