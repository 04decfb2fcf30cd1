package dev.realtime.consumer;

import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The job's processor: of a polled batch it keeps the messages this node must deliver, those of
 * other nodes on the selected channels (this node's own were delivered when they were broadcast),
 * as the reader's {@link BrokerRelay} decides. A batch with nothing to deliver is filtered out; its
 * chunk still commits.
 */
@Dependent
@Named("channelFilterProcessor")
public class ChannelFilterProcessor implements ItemProcessor {

    @Inject
    StepContext step;

    @Override
    public Object processItem(Object item) {
        List<Message> kept = ((BrokerRelay) step.getTransientUserData()).keep((MessageBatch) item);
        return kept.isEmpty() ? null : kept;
    }
}
