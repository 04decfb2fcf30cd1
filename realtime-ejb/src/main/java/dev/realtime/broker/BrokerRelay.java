package dev.realtime.broker;

import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one consumer loop: poll a batch, keep the messages for this node (other nodes' messages on
 * the selected channels), hand them on, then commit the batch's end position; if handing on fails,
 * rewind, so the next poll returns the same messages again. The consumer job splits the steps over
 * its reader ({@link #poll}), processor ({@link #keep}), writer (hands on) and chunk listener
 * ({@link #delivered} or {@link #failed}); {@link #relay} runs them in one call (tests, benchmarks).
 *
 * <p>Threading: one thread at a time (the consumer job's step), like the {@link BrokerConsumer} it
 * drives; {@link #wakeup} from any thread.
 */
public final class BrokerRelay implements AutoCloseable {
    private final BrokerConsumer consumer;
    private final String nodeId;
    private final Predicate<String> channels;
    /** Polled with messages and neither committed nor rewound yet, in order. */
    private final List<MessageBatch> inHand = new ArrayList<>();

    /**
     * @param consumer the consumer to drive; {@link #close} closes it
     * @param nodeId this node's id: messages it published itself are dropped (they were delivered
     *     locally already)
     * @param channelGlobs channels to keep ({@code user.*}); empty keeps all
     */
    public BrokerRelay(BrokerConsumer consumer, String nodeId, List<String> channelGlobs) {
        this.consumer = consumer;
        this.nodeId = nodeId;
        this.channels = channelFilter(channelGlobs);
    }

    /** A predicate that is true for channel names matching any glob; every name if there are none. */
    public static Predicate<String> channelFilter(List<String> globs) {
        if (globs.isEmpty()) {
            return channel -> true;
        }
        List<Pattern> patterns = globs.stream().map(ChannelNames::glob).toList();
        return channel -> {
            for (Pattern p : patterns) {
                if (p.matcher(channel).matches()) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The consumer this relay drives (for its state: connected, lag). */
    public BrokerConsumer consumer() {
        return consumer;
    }

    /** Polls once; a batch with messages is in hand until {@link #delivered} or {@link #failed}. */
    public MessageBatch poll(Duration timeout) {
        MessageBatch batch = consumer.poll(timeout);
        if (!batch.isEmpty()) {
            inHand.add(batch);
        }
        return batch;
    }

    /**
     * The messages of {@code batch} this node must deliver, in order: other nodes' messages on the
     * selected channels, and every message on {@link ChannelNames#CLUSTER_CHANNEL}, this node's own
     * included (its own heartbeats coming back prove the way through the broker works).
     */
    public List<Message> keep(MessageBatch batch) {
        List<Message> kept = new ArrayList<>(batch.size());
        for (Message m : batch.messages()) {
            if (m.channel().equals(ChannelNames.CLUSTER_CHANNEL)
                    || (!nodeId.equals(m.originNodeId()) && channels.test(m.channel()))) {
                kept.add(m);
            }
        }
        return kept;
    }

    /**
     * The batches in hand were handed on: commits the position after the last of them. Nothing
     * when none is in hand or the broker has no positions (Pub/Sub).
     */
    public void delivered() {
        Map<String, Long> end = new HashMap<>();
        for (MessageBatch batch : inHand) {
            end.putAll(batch.end().offsets());
        }
        inHand.clear();
        if (!end.isEmpty()) {
            consumer.commit(new BrokerPosition(end));
        }
    }

    /** Handing on the batches in hand failed: rewinds them, so the next poll returns them again. */
    public void failed() {
        for (int i = inHand.size() - 1; i >= 0; i--) {
            consumer.rewind(inHand.get(i));
        }
        inHand.clear();
    }

    /**
     * One round of the loop: {@link #poll}, {@link #keep}, hand on, {@link #delivered}; if {@code
     * deliver} throws, {@link #failed} and the exception propagates.
     *
     * @param deliver receives the kept messages of a batch, in order (not called when none is kept)
     * @return the batch polled (empty when nothing arrived)
     */
    public MessageBatch relay(Duration timeout, Consumer<List<Message>> deliver) {
        MessageBatch batch = poll(timeout);
        List<Message> kept = keep(batch);
        try {
            if (!kept.isEmpty()) {
                deliver.accept(kept);
            }
        } catch (RuntimeException e) {
            failed();
            throw e;
        }
        delivered();
        return batch;
    }

    /** Makes a {@link #poll} in progress return at once (empty). Any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    /** Closes the consumer: what was not committed comes again to the node's next consumer. */
    @Override
    public void close() {
        consumer.close();
    }
}
