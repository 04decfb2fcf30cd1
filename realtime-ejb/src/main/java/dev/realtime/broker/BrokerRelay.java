package dev.realtime.broker;

import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One step of a consumer: poll a batch, keep the messages for this node (other nodes' messages on
 * the selected channels), hand them on, and commit only after that returned. If handing on throws,
 * the batch is rewound so the next step delivers it again, and the exception propagates.
 *
 * <p>The consumer job's reader, processor and writer split these steps; this class is the same loop
 * for code that runs a consumer directly (tests, tools).
 */
public final class BrokerRelay {
    private final String nodeId;
    private final Predicate<String> channels;
    private final Consumer<List<Message>> deliver;

    /**
     * @param nodeId this node's id: messages it published itself are dropped (they were delivered
     *     locally already)
     * @param channelGlobs channels to keep ({@code user.*}); empty keeps all
     * @param deliver receives each batch's kept messages, in order (normally
     *     {@code RealtimeManager::broadcastLocal} for each)
     */
    public BrokerRelay(String nodeId, List<String> channelGlobs, Consumer<List<Message>> deliver) {
        this.nodeId = nodeId;
        this.channels = channelFilter(channelGlobs);
        this.deliver = deliver;
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

    /** The messages of {@code batch} this node must deliver. */
    public List<Message> keep(MessageBatch batch) {
        List<Message> kept = new ArrayList<>(batch.size());
        for (Message m : batch.messages()) {
            if (!nodeId.equals(m.originNodeId()) && channels.test(m.channel())) {
                kept.add(m);
            }
        }
        return kept;
    }

    /**
     * Polls once and relays what arrived.
     *
     * @return the number of messages delivered
     */
    public int relayOnce(BrokerConsumer consumer, Duration timeout) {
        MessageBatch batch = consumer.poll(timeout);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Message> kept = keep(batch);
        try {
            if (!kept.isEmpty()) {
                deliver.accept(kept);
            }
        } catch (RuntimeException e) {
            consumer.rewind(batch);
            throw e;
        }
        consumer.commit(batch);
        return kept.size();
    }
}
