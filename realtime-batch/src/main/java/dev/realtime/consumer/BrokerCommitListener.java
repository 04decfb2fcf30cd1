package dev.realtime.consumer;

import dev.realtime.broker.BrokerRelay;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Commits the chunk's batch to the broker after the writer returned (the seed's "manual commit"):
 * Kafka stores the batch's end offsets for this node's group, RabbitMQ and JetStream acknowledge.
 * A chunk that failed is not committed but rewound ({@code afterChunk} runs only after a
 * successful chunk, {@code onError} after a failed one), so its messages are delivered again.
 */
@Dependent
@Named("brokerCommitListener")
public class BrokerCommitListener extends AbstractChunkListener {
    private static final Logger LOG = Logger.getLogger(BrokerCommitListener.class.getName());

    @Inject
    StepContext step;

    @Override
    public void afterChunk() {
        if (step.getTransientUserData() instanceof BrokerRelay relay) {
            relay.delivered();
        }
    }

    /** The chunk failed: rewinds its batch. The chunk's own failure is what the job reports. */
    @Override
    public void onError(Exception e) {
        if (step.getTransientUserData() instanceof BrokerRelay relay) {
            try {
                relay.failed();
            } catch (RuntimeException rewind) {
                // Not committed all the same: the node's next consumer gets the batch again
                LOG.log(Level.WARNING, "Could not rewind the failed chunk's batch", rewind);
            }
        }
    }
}
