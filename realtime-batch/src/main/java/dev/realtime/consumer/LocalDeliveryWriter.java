package dev.realtime.consumer;

import dev.realtime.RealtimeManager;
import dev.realtime.message.Message;
import dev.realtime.node.ConsumerSide;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The job's writer: hands each kept message to this node's clients with
 * {@code broadcastLocal()}, which never publishes to the broker again.
 */
@Dependent
@Named("localDeliveryWriter")
public class LocalDeliveryWriter extends AbstractItemWriter {

    @Inject
    RealtimeManager manager;

    @Inject
    ConsumerSide consumerSide;

    @Override
    @SuppressWarnings("unchecked")
    public void writeItems(List<Object> items) {
        int delivered = 0;
        for (Object item : items) {
            for (Message message : (List<Message>) item) {
                manager.broadcastLocal(message);
                delivered++;
            }
        }
        consumerSide.activity().delivered(delivered);
    }
}
