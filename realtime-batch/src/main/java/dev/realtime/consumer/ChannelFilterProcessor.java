package dev.realtime.consumer;

import dev.realtime.RealtimeManager;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The job's processor: of a polled batch it keeps the messages this node must deliver, those of
 * other nodes on the selected channels (this node's own were delivered when they were broadcast).
 * A batch with nothing to deliver is filtered out; its chunk still commits.
 */
@Dependent
@Named("channelFilterProcessor")
public class ChannelFilterProcessor implements ItemProcessor {

    @Inject
    RealtimeManager manager;

    @Inject
    @BatchProperty
    String channels;

    private BrokerRelay relay;

    @Override
    public Object processItem(Object item) {
        if (relay == null) {
            relay = new BrokerRelay(manager.settings().nodeId(), ConsumerParameters.globs(channels), batch -> {});
        }
        List<Message> kept = relay.keep((MessageBatch) item);
        return kept.isEmpty() ? null : kept;
    }
}
