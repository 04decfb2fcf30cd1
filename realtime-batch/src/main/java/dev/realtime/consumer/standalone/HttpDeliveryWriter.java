package dev.realtime.consumer.standalone;

import dev.realtime.message.Message;
import dev.realtime.node.ConsumerSide;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone consumer's writer (the job's {@code localDeliveryWriter} outside the server): the
 * kept messages go to this machine's server over {@link NodeClient}, which delivers them with
 * {@code broadcastLocal()}. It carries no scope annotation, so the server never discovers it; the
 * standalone runtime registers it explicitly.
 */
@Named("localDeliveryWriter")
public class HttpDeliveryWriter extends AbstractItemWriter {

    @Inject
    ConsumerSide consumerSide;

    @Inject
    NodeClient node;

    @Override
    @SuppressWarnings("unchecked")
    public void writeItems(List<Object> items) {
        List<Message> messages = new ArrayList<>();
        for (Object item : items) {
            messages.addAll((List<Message>) item);
        }
        if (!messages.isEmpty()) {
            node.deliver(messages);
            consumerSide.activity().delivered(messages.size());
        }
    }
}
