package dev.realtime.consumer;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.node.ConsumerSide;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.logging.Logger;

/**
 * The job's reader: opens this node's consumer in a {@link BrokerRelay}, which the step's other
 * artifacts find in the step context, and polls it; one item is one batch ({@link MessageBatch}),
 * so a chunk is a batch and its checkpoint is the broker position after it. An idle poll yields an
 * empty batch (a short, empty chunk), which keeps transactions short and lets a stop request end
 * the step between polls. The broker commit happens in {@link BrokerCommitListener}, after the
 * writer returned.
 */
@Dependent
@Named("brokerBatchReader")
public class BrokerBatchReader extends AbstractItemReader {
    private static final Logger LOG = Logger.getLogger(BrokerBatchReader.class.getName());

    @Inject
    ConsumerSide consumerSide;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty
    String broker;

    @Inject
    @BatchProperty
    String channels;

    @Inject
    @BatchProperty
    String batchSize;

    @Inject
    @BatchProperty
    String pollTimeoutMs;

    @Inject
    @BatchProperty
    String maxMessages;

    @Inject
    @BatchProperty
    String stopWhenEmpty;

    private ConsumerParameters parameters;
    private BrokerRelay relay;
    private BrokerPosition position = BrokerPosition.NONE;
    private long read;

    @Override
    public void open(Serializable checkpoint) {
        parameters = ConsumerParameters.of(
                consumerSide.settings(), broker, channels, batchSize, pollTimeoutMs, maxMessages, stopWhenEmpty);
        BrokerConsumer consumer = consumerSide.open(
                parameters.broker(), ConsumerOptions.forNode(parameters.channels(), parameters.batchSize()));
        if (checkpoint instanceof BrokerPosition resumed && !resumed.offsets().isEmpty()) {
            consumer.seek(resumed);
            position = resumed;
        }
        relay = new BrokerRelay(consumer, consumerSide.settings().nodeId(), parameters.channels());
        step.setTransientUserData(relay);
        consumerSide.activity().started(String.join(",", parameters.channels()));
        LOG.info(() -> "Consumer job " + job.getExecutionId() + " reads " + parameters.broker() + " for channels "
                + (parameters.channels().isEmpty() ? "(all)" : parameters.channels()) + " from " + position);
    }

    @Override
    public Object readItem() {
        if (job.getBatchStatus() == BatchStatus.STOPPING
                || (parameters.maxMessages() > 0 && read >= parameters.maxMessages())) {
            return null;
        }
        MessageBatch batch = relay.poll(parameters.pollTimeout());
        consumerSide.activity().polled(batch.size(), relay.consumer().lag());
        if (batch.isEmpty()) {
            return parameters.stopWhenEmpty() ? null : batch;
        }
        read += batch.size();
        position = batch.end();
        return batch;
    }

    @Override
    public Serializable checkpointInfo() {
        return position;
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
            relay = null;
            consumerSide.activity().stopped();
            LOG.info(() ->
                    "Consumer job " + job.getExecutionId() + " closed after " + read + " messages at " + position);
        }
    }
}
