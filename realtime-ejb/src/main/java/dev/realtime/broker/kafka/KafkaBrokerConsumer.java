package dev.realtime.broker.kafka;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerCounters;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Where a partition has no committed offset, a new node's group starts at the end (it does not
 * replay history; {@code realtime.kafka.consumer.auto.offset.reset} changes that), a known group
 * at the first message published since it first joined (a topic created while the node was away),
 * and commits that position at once; see {@link StartPositions}.
 */
final class KafkaBrokerConsumer implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(KafkaBrokerConsumer.class.getName());

    private final KafkaBroker broker;
    private final BrokerCounters counters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final StartPositions positions;
    private volatile long lag = -1;

    private boolean closed;

    KafkaBrokerConsumer(KafkaBroker broker, KafkaSettings settings, ConsumerOptions options, BrokerCounters counters) {
        this.broker = broker;
        this.counters = counters;
        Map<String, Object> props = new HashMap<>(settings.consumer());
        props.put("max.poll.records", String.valueOf(options.batchSize()));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.positions = new StartPositions(consumer, settings);
        ConsumerRebalanceListener listener = positions;
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
        for (ConsumerRecord<String, byte[]> record : records) {
            String key = record.topic() + "-" + record.partition();
            start.putIfAbsent(key, record.offset());
            end.put(key, record.offset() + 1);
            Message message = broker.envelopes().decode(record.value(), () -> "Kafka " + key + "@" + record.offset());
            if (message != null) { // else refused: counted and logged by the codec
                messages.add(message);
            }
        }
        counters.consumed(messages.size());
        return new MessageBatch(messages, new BrokerPosition(start), new BrokerPosition(end));
    }

    @Override
    public void commit(BrokerPosition end) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        end.offsets().forEach((key, offset) -> offsets.put(partition(key), positions.offsetAt(offset)));
        if (!offsets.isEmpty()) {
            while (true) {
                try {
                    consumer.commitSync(offsets);
                    return;
                } catch (WakeupException e) {
                    // The wakeup was meant for a poll (wakeup() may come from any thread at any
                    // time); it is used up now, and the commit still has to happen.
                }
            }
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
                positions.seekWhenAssigned(tp, offset);
            }
        });
    }

    @Override
    public boolean isConnected() {
        return positions.assigned();
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
        positions.unassigned();
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
}
