package dev.realtime.broker;

import dev.realtime.message.Message;
import java.util.List;

/**
 * What one {@link BrokerConsumer#poll} returned.
 *
 * @param messages in broker order (per channel, the order they were published in)
 * @param start the position of the batch's first message (where {@link BrokerConsumer#rewind}
 *     goes back to)
 * @param end the position after the batch: the checkpoint once it has been handed on
 */
public record MessageBatch(List<Message> messages, BrokerPosition start, BrokerPosition end) {
    public static final MessageBatch EMPTY = new MessageBatch(List.of(), BrokerPosition.NONE, BrokerPosition.NONE);

    public MessageBatch {
        messages = List.copyOf(messages);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public int size() {
        return messages.size();
    }
}
