package dev.realtime.broker.kafka;

import dev.realtime.broker.AsyncPublisher;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.EnvelopeCodec;
import dev.realtime.broker.QueuedBroker;
import dev.realtime.message.Message;
import dev.realtime.ops.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka: each message is a record keyed by its channel name (so one channel stays on one partition,
 * in order) on the topic the {@link TopicStrategy} picks. The producer is idempotent and batches;
 * it is fed by the publish hand-off, so a {@code broadcast()} caller never waits for Kafka, and a
 * send that fails for good is counted and logged, never thrown at the caller. Missing topics are
 * created with the configured partitions unless creation is switched off.
 *
 * <p>Guarantee: at least once. Each node's consumer has its own group ({@code <prefix>-<nodeId>})
 * and commits a batch only after it was handed on.
 */
public final class KafkaBroker extends QueuedBroker {
    public static final String NAME = "kafka";
    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final KafkaSettings settings;
    /** Null on a consume-only broker. */
    private final Producer<String, byte[]> producer;

    private final Admin admin;
    private final Set<String> ensuredTopics = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog failureWarnings = new RateLimitedLog(LOG);

    /**
     * @param threads makes the publisher thread (the container's in a server); the Kafka clients
     *     start their own network threads
     * @param envelopes signs what this broker publishes and checks what its consumers receive
     */
    public KafkaBroker(KafkaSettings settings, ThreadFactory threads, EnvelopeCodec envelopes) {
        this(settings, threads, envelopes, true);
    }

    /** Like the three-argument constructor; {@code publishes == false} makes a consume-only broker. */
    public KafkaBroker(KafkaSettings settings, ThreadFactory threads, EnvelopeCodec envelopes, boolean publishes) {
        super(NAME, threads, envelopes, publishes);
        this.settings = settings;
        this.producer = publishes
                ? new KafkaProducer<>(settings.producer(), new StringSerializer(), new ByteArraySerializer())
                : null;
        this.admin = Admin.create(settings.admin());
        startPublishing(new Sender(), settings.publishQueue(), settings.publishBatch());
        LOG.info(() -> "Kafka broker: " + settings.strategyName() + " topics, consumer group " + settings.groupId());
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        List<String> fixed = settings.topics().fixedTopics();
        if (!fixed.isEmpty()) {
            ensureTopics(fixed);
        }
        ensureTopics(List.of(StartPositions.joinTopic(settings)));
        return track(new KafkaBrokerConsumer(this, settings, options, counters));
    }

    /** The topic strategy in use (cached lookups). */
    public TopicStrategy topics() {
        return settings.topics();
    }

    @Override
    protected void closeClients() {
        consumers().forEach(BrokerConsumer::wakeup); // a Kafka consumer is closed by its own thread
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
    }

    void closed(KafkaBrokerConsumer consumer) {
        forget(consumer);
    }

    /** Creates the topics that do not exist yet (once per topic per node), if creation is on. */
    void ensureTopics(Collection<String> topics) {
        if (!settings.createTopics()) {
            return;
        }
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!ensuredTopics.contains(topic)) {
                missing.add(new NewTopic(
                        topic,
                        java.util.Optional.of(settings.topics().partitionsOf(topic)),
                        settings.replicationFactor()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        var results = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
            try {
                results.get(topic.name()).get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
                LOG.info(
                        () -> "Created Kafka topic " + topic.name() + " with " + topic.numPartitions() + " partitions");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Cannot create Kafka topic " + topic.name() + ": " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Creating Kafka topic " + topic.name() + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating Kafka topic " + topic.name(), e);
            }
            ensuredTopics.add(topic.name());
        }
    }

    /** Feeds the producer from the publisher thread. */
    private final class Sender implements AsyncPublisher.Sink {
        @Override
        public void send(List<Message> batch) {
            TopicStrategy topics = settings.topics();
            String[] topicOf = new String[batch.size()];
            for (int i = 0; i < topicOf.length; i++) {
                topicOf[i] = topics.topicFor(batch.get(i).channel());
                if (!ensuredTopics.contains(topicOf[i])) {
                    ensureTopics(List.of(topicOf[i]));
                }
            }
            int handed = 0;
            try {
                for (Message m : batch) {
                    producer.send(
                            new ProducerRecord<>(topicOf[handed], m.channel(), envelopes.encode(m)),
                            (metadata, error) -> sent(m, error));
                    handed++;
                }
            } finally {
                batch.subList(0, handed).clear(); // a retry sends only the rest: no duplicates
            }
        }

        @Override
        public void ping() throws Exception {
            admin.describeCluster().clusterId().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void disconnect() {
            // the Kafka clients reconnect by themselves
        }

        private void sent(Message m, Exception error) {
            if (error == null) {
                counters.published(1);
                reportConnected(true);
                return;
            }
            counters.failed(1);
            reportConnected(false);
            failureWarnings.warn(
                    () -> "Kafka did not take message " + m.id() + " on channel " + m.channel() + ": " + error);
        }
    }
}
