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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
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
 * and commits that position at once; see {@link Assignment}.
 */
final class KafkaBrokerConsumer implements BrokerConsumer {
    private static final Logger LOG = Logger.getLogger(KafkaBrokerConsumer.class.getName());
    private static final String JOINED = "joined=";
    /** Allowed clock difference between the nodes when a new topic is read from the join time on. */
    private static final long CLOCK_MARGIN_MS = 5_000;

    private final KafkaBroker broker;
    private final BrokerCounters counters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> knownTopics = new HashSet<>();
    private volatile boolean firstAssignmentDone;
    private volatile boolean assigned;
    private volatile long lag = -1;
    private final Map<TopicPartition, Long> pendingSeeks = new HashMap<>();
    /** When this node's group first joined (epoch ms), from the metadata of its commits; 0: not known yet. */
    private volatile long joinedAt;

    /** Where the group's join time is committed even when no topic of its own exists yet. */
    private final TopicPartition joinMarker;

    private boolean closed;

    KafkaBrokerConsumer(KafkaBroker broker, KafkaSettings settings, ConsumerOptions options, BrokerCounters counters) {
        this.broker = broker;
        this.counters = counters;
        this.joinMarker = new TopicPartition(joinTopic(settings), 0);
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
        batch.end().offsets().forEach((key, offset) -> offsets.put(partition(key), offsetAt(offset)));
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

    /**
     * The topic (no records, only this module's commits) on whose first partition each node's group
     * records when it first joined: {@code <group-prefix>-joined}.
     */
    static String joinTopic(KafkaSettings settings) {
        return settings.groupPrefix() + "-joined";
    }

    /**
     * Learns when this node's group first joined, from its commits on {@code partitions} or on the
     * join marker; a group with neither is new: it joins now and records that on the marker.
     *
     * @return whether the group had joined before
     */
    private boolean knowJoinTime(Collection<OffsetAndMetadata> committed) {
        if (joinedAt > 0) {
            return true;
        }
        long known = committed.stream()
                .filter(c -> c != null)
                .mapToLong(KafkaBrokerConsumer::joinedAt)
                .filter(t -> t > 0)
                .min()
                .orElse(0);
        boolean markerRead = true;
        if (known == 0) {
            try {
                OffsetAndMetadata marker =
                        consumer.committed(Set.of(joinMarker)).get(joinMarker);
                known = marker == null ? 0 : joinedAt(marker);
            } catch (KafkaException e) {
                markerRead = false; // unknown, not new: the recorded join time must not be overwritten
                LOG.log(
                        Level.WARNING,
                        "Kafka join marker " + joinMarker + " unreadable; partitions without a"
                                + " commit start at the end this time",
                        e);
            }
        }
        if (known > 0) {
            joinedAt = known;
            return true;
        }
        if (!markerRead) {
            return false; // joinedAt stays unknown (commits carry no join time) until a later assignment
        }
        joinedAt = System.currentTimeMillis();
        try {
            consumer.commitSync(Map.of(joinMarker, offsetAt(0)));
        } catch (KafkaException e) {
            LOG.log(
                    Level.WARNING,
                    "Kafka: cannot record this node's join on " + joinMarker
                            + " (create the topic, or allow topic creation); a restart before the first commit may"
                            + " skip new topics",
                    e);
        }
        return false;
    }

    /** A commit that also records when the group joined, so a later consumer of the node knows it. */
    private OffsetAndMetadata offsetAt(long offset) {
        return new OffsetAndMetadata(offset, JOINED + joinedAt);
    }

    /** The join time a commit recorded, or 0. */
    private static long joinedAt(OffsetAndMetadata committed) {
        String metadata = committed.metadata();
        if (metadata != null && metadata.startsWith(JOINED)) {
            try {
                return Long.parseLong(metadata.substring(JOINED.length()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static TopicPartition partition(String key) {
        int dash = key.lastIndexOf('-');
        return new TopicPartition(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1)));
    }

    /**
     * On assignment, a partition without a committed offset starts:
     *
     * <ul>
     *   <li>at the end, when the node's group is new (none of its partitions has a commit): a node
     *       does not replay what was published before it first joined;
     *   <li>at the first message published since the group joined (its join time is kept in the
     *       metadata of every commit), when the group is known: a topic created while the node was
     *       away (a new channel with {@code per-channel} topics) loses nothing;
     *   <li>at its beginning, when its topic appeared after this consumer's first assignment.
     * </ul>
     *
     * Its starting position is committed at once, so that a restart resumes there. Positions are
     * resolved before the consumer reports itself connected.
     */
    private final class Assignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    partitions.isEmpty() ? Map.of() : consumer.committed(new HashSet<>(partitions));
            boolean knownGroup = knowJoinTime(committed.values());
            if (!partitions.isEmpty()) {
                List<TopicPartition> uncommitted = partitions.stream()
                        .filter(tp -> committed.get(tp) == null)
                        .toList();
                List<TopicPartition> fresh = uncommitted.stream()
                        .filter(tp -> firstAssignmentDone && !knownTopics.contains(tp.topic()))
                        .toList();
                if (!fresh.isEmpty()) {
                    consumer.seekToBeginning(fresh);
                }
                if (knownGroup) {
                    sinceJoined(uncommitted.stream()
                            .filter(tp -> !fresh.contains(tp))
                            .toList());
                }
                Map<TopicPartition, OffsetAndMetadata> anchors = new HashMap<>();
                for (TopicPartition tp : uncommitted) {
                    anchors.put(tp, offsetAt(consumer.position(tp)));
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

        /** Seeks each partition to its first message since the group joined (its end if none). */
        private void sinceJoined(List<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, joinedAt - CLOCK_MARGIN_MS));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            List<TopicPartition> none = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                if (at != null) {
                    consumer.seek(tp, at.offset());
                } else {
                    none.add(tp);
                }
            }
            if (!none.isEmpty()) {
                consumer.seekToEnd(none);
            }
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
