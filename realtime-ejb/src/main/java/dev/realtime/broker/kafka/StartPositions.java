package dev.realtime.broker.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

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
 * resolved before the consumer reports itself connected ({@link #assigned()}). Used by the consumer's
 * thread (Kafka calls it inside {@code poll}).
 */
final class StartPositions implements ConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(StartPositions.class.getName());
    private static final String JOINED = "joined=";
    /** Allowed clock difference between the nodes when a new topic is read from the join time on. */
    private static final long CLOCK_MARGIN_MS = 5_000;

    private final KafkaConsumer<String, byte[]> consumer;
    /** Where the group's join time is committed even when no topic of its own exists yet. */
    private final TopicPartition joinMarker;

    private final Set<String> knownTopics = new HashSet<>();
    private final Map<TopicPartition, Long> pendingSeeks = new HashMap<>();
    private volatile boolean firstAssignmentDone;
    private volatile boolean assigned;
    /** When this node's group first joined (epoch ms), from the metadata of its commits; 0: not known yet. */
    private volatile long joinedAt;

    StartPositions(KafkaConsumer<String, byte[]> consumer, KafkaSettings settings) {
        this.consumer = consumer;
        this.joinMarker = new TopicPartition(joinTopic(settings), 0);
    }

    /** Whether the group was joined and the assigned partitions' positions are resolved. */
    boolean assigned() {
        return assigned;
    }

    /** The consumer closed. */
    void unassigned() {
        assigned = false;
    }

    /** Seeks {@code tp} to {@code offset} once it is assigned (a checkpoint to resume from). */
    void seekWhenAssigned(TopicPartition tp, long offset) {
        pendingSeeks.put(tp, offset);
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
                .mapToLong(StartPositions::joinedAt)
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
    OffsetAndMetadata offsetAt(long offset) {
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

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                partitions.isEmpty() ? Map.of() : consumer.committed(new HashSet<>(partitions));
        boolean knownGroup = knowJoinTime(committed.values());
        if (!partitions.isEmpty()) {
            List<TopicPartition> uncommitted =
                    partitions.stream().filter(tp -> committed.get(tp) == null).toList();
            List<TopicPartition> fresh = uncommitted.stream()
                    .filter(tp -> firstAssignmentDone && !knownTopics.contains(tp.topic()))
                    .toList();
            if (!fresh.isEmpty()) {
                consumer.seekToBeginning(fresh);
            }
            if (knownGroup) {
                sinceJoined(
                        uncommitted.stream().filter(tp -> !fresh.contains(tp)).toList());
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
