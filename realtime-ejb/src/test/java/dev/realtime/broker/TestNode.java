package dev.realtime.broker;

import dev.realtime.RealtimeManager;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNode;
import dev.realtime.transport.memory.MemoryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * One cluster node inside the test JVM: a {@link RealtimeManager} with a real broker, and the
 * consumer job's loop ({@link BrokerRelay}: poll, drop own messages and unselected channels,
 * {@code broadcastLocal}, commit) on a thread of its own.
 */
final class TestNode implements AutoCloseable {
    final String nodeId;
    final RealtimeManager manager;
    final AtomicLong polled = new AtomicLong();
    final AtomicLong relayed = new AtomicLong();
    /** {@link System#nanoTime()} of the last poll that returned messages; 0 before the first. */
    volatile long lastPolledNanos;

    private final AtomicReference<BrokerRelay> consumer = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread relay;
    private volatile boolean running = true;

    TestNode(Map<String, String> brokerConfig, String nodeId, List<String> channels) {
        this(brokerConfig, nodeId, channels, 200, m -> {});
    }

    /**
     * @param batchSize most messages one poll returns
     * @param onRelayed called on the consumer loop's thread with each message after {@code
     *     broadcastLocal}
     */
    TestNode(
            Map<String, String> brokerConfig,
            String nodeId,
            List<String> channels,
            int batchSize,
            Consumer<Message> onRelayed) {
        this.nodeId = nodeId;
        Map<String, String> config = new HashMap<>(brokerConfig);
        config.put("realtime.node.id", nodeId);
        // exact message counts: the nodes' own messages only where a test asks for them
        config.putIfAbsent("realtime.cluster.replication", "false");
        config.put("realtime.app.secret", "secret");
        config.put("realtime.limits.outbound-queue", "100000");
        config.put("realtime.limits.payload-bytes", String.valueOf(BrokerContractTest.LARGE_PAYLOAD_LIMIT));
        this.manager = new RealtimeManager(new RealtimeNode(RealtimeSettings.from(config)));
        this.relay = new Thread(
                () -> {
                    try (BrokerRelay r = new BrokerRelay(
                            manager.broker().consumer(ConsumerOptions.forNode(channels, batchSize)),
                            nodeId,
                            channels)) {
                        consumer.set(r);
                        while (running) {
                            MessageBatch batch = r.relay(Duration.ofMillis(200), kept -> {
                                for (Message m : kept) {
                                    manager.broadcastLocal(m);
                                    onRelayed.accept(m);
                                    relayed.incrementAndGet();
                                }
                            });
                            if (!batch.isEmpty()) {
                                lastPolledNanos = System.nanoTime();
                                polled.addAndGet(batch.size());
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "relay-" + nodeId);
        relay.start();
    }

    /** Waits until the publisher and the consumer are both connected (subscribed / assigned). */
    TestNode awaitConnected() {
        Awaitility.await(nodeId + " connected to " + manager.broker().name())
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    checkHealthy();
                    BrokerRelay r = consumer.get();
                    return r != null
                            && r.consumer().isConnected()
                            && manager.broker().isConnected();
                });
        return this;
    }

    MemoryClient client(String... channels) {
        MemoryClient client = manager.memory().connect();
        for (String channel : channels) {
            client.subscribe(channel);
        }
        return client;
    }

    void checkHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("consumer loop of " + nodeId + " failed", t);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        BrokerRelay r = consumer.get();
        if (r != null) {
            r.wakeup();
        }
        relay.join(15_000);
        manager.broker().close();
        checkHealthy();
    }
}
