package dev.realtime.consumer;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Commits the chunk's batch to the broker after the writer returned (the seed's "manual commit"):
 * Kafka stores the batch's end offsets for this node's group. A chunk that failed is not committed
 * ({@code afterChunk} runs only after a successful chunk); its messages are delivered again when
 * the job is restarted.
 */
@Dependent
@Named("brokerCommitListener")
public class BrokerCommitListener extends AbstractChunkListener {

    @Inject
    StepContext step;

    @Override
    public void afterChunk() {
        if (step.getTransientUserData() instanceof ConsumerHandle handle) {
            handle.commitRead();
        }
    }
}
