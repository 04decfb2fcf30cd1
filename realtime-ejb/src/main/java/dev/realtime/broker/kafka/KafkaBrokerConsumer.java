package dev.realtime.broker.kafka;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.Envelope;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * This node's Kafka consumer: group {@code <prefix>-<nodeId>}, {@code max.poll.records} = the batch
 * size, no auto-commit. A batch's offsets are committed only by {@link #commit}, after the caller
 * handed it on; {@link #rewind} seeks back to its start so the next poll returns it again.
 *
 * <p>Where a partition has no committed offset, the first assignment starts at the end (a new node
 * does not replay history; {@code realtime.kafka.consumer.auto.offset.reset} changes that) and
 * commits that position at once; a topic that appears later (a new channel's topic, per-channel
 * strategy) is read from its beginning, so the first messages of a new channel are not lost.
 */
final class KafkaBrokerConsumer implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(KafkaBrokerConsumer.class.getName());

    private final KafkaBroker broker;
    private final BrokerCounters counters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> knownTopics = new HashSet<>();
    private volatile boolean firstAssignmentDone;
    private volatile boolean assigned;
    private volatile long lag = -1;
    private final Map<TopicPartition, Long> pendingSeeks = new HashMap<>();
    private boolean closed;

    KafkaBrokerConsumer(KafkaBroker broker, KafkaSettings settings, ConsumerOptions options, BrokerCounters counters) {
        this.broker = broker;
        this.counters = counters;
        Map<String, Object> props = new HashMap<>(settings.consumer());
        props.put("max.poll.records", String.valueOf(options.batchSize()));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ConsumerRebalanceListener listener = new Assignment();
        List<String> fixed = settings.topics().fixedTopics();
        if (!fixed.isEmpty()) {
            consumer.subscribe(fixed, listener);
        } else {
            consumer.subscribe(settings.topics().topicPattern(), listener);
        }
        LOG.info(() -> "Kafka consumer of group " + settings.groupId() + " subscribed to "
                + (fixed.isEmpty() ? "topics matching " + settings.topics().topicPattern() : fixed));
    }

    @Override
    public MessageBatch poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return MessageBatch.EMPTY;
        }
        updateLag();
        if (records.isEmpty()) {
            return MessageBatch.EMPTY;
        }
        List<Message> messages = new ArrayList<>(records.count());
        Map<String, Long> start = new HashMap<>();
        Map<String, Long> end = new HashMap<>();
        int undecodable = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            String key = record.topic() + "-" + record.partition();
            start.putIfAbsent(key, record.offset());
            end.put(key, record.offset() + 1);
            try {
                messages.add(Envelope.decode(record.value()));
            } catch (IllegalArgumentException | NullPointerException e) {
                undecodable++;
                LOG.warning(() -> "Kafka " + key + "@" + record.offset()
                        + ": skipped a record that is not an envelope: " + e.getMessage());
            }
        }
        counters.consumed(messages.size());
        counters.failed(undecodable);
        return new MessageBatch(messages, new BrokerPosition(start), new BrokerPosition(end));
    }

    @Override
    public void commit(MessageBatch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        batch.end().offsets().forEach((key, offset) -> offsets.put(partition(key), new OffsetAndMetadata(offset)));
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    @Override
    public void rewind(MessageBatch batch) {
        batch.start().offsets().forEach((key, offset) -> consumer.seek(partition(key), offset));
    }

    @Override
    public void seek(BrokerPosition position) {
        Set<TopicPartition> assignedNow = consumer.assignment();
        position.offsets().forEach((key, offset) -> {
            TopicPartition tp = partition(key);
            if (assignedNow.contains(tp)) {
                consumer.seek(tp, offset);
            } else {
                pendingSeeks.put(tp, offset); // applied when the partition is assigned
            }
        });
    }

    @Override
    public boolean isConnected() {
        return assigned;
    }

    @Override
    public long lag() {
        return lag;
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        broker.closed(this);
        assigned = false;
        lag = -1;
        consumer.close(Duration.ofSeconds(5));
    }

    private void updateLag() {
        long total = 0;
        boolean known = false;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
                known = true;
            }
        }
        lag = known ? total : -1;
    }

    private static TopicPartition partition(String key) {
        int dash = key.lastIndexOf('-');
        return new TopicPartition(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1)));
    }

    /**
     * On assignment: a topic that appeared after the first assignment starts at its beginning;
     * every partition without a committed offset gets its starting position committed at once, so
     * that from the moment this node's group first joined, a restart resumes where it left off and
     * nothing published meanwhile is lost. Positions are resolved before the consumer reports itself
     * connected.
     */
    private final class Assignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                List<TopicPartition> uncommitted = partitions.stream()
                        .filter(tp -> committed.get(tp) == null)
                        .toList();
                List<TopicPartition> fresh = uncommitted.stream()
                        .filter(tp -> firstAssignmentDone && !knownTopics.contains(tp.topic()))
                        .toList();
                if (!fresh.isEmpty()) {
                    consumer.seekToBeginning(fresh);
                }
                Map<TopicPartition, OffsetAndMetadata> anchors = new HashMap<>();
                for (TopicPartition tp : uncommitted) {
                    anchors.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                if (!anchors.isEmpty()) {
                    consumer.commitSync(anchors);
                }
                partitions.forEach(tp -> knownTopics.add(tp.topic()));
                for (TopicPartition tp : partitions) {
                    Long offset = pendingSeeks.remove(tp);
                    if (offset != null) {
                        consumer.seek(tp, offset);
                    }
                }
            }
            firstAssignmentDone = true;
            assigned = true; // the group was joined (an empty assignment too: no topic exists yet)
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed per batch; nothing pending to commit here
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assigned = false;
        }
    }
}
