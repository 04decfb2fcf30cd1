package dev.realtime.consumer;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.MessageBatch;
import java.util.List;

/**
 * What the reader shares with the commit listener through the step context: the open consumer and
 * the position after the batch it read last. Used by the step's thread only.
 */
final class ConsumerHandle {
    final BrokerConsumer consumer;
    private BrokerPosition read = BrokerPosition.NONE;
    private BrokerPosition committed = BrokerPosition.NONE;

    ConsumerHandle(BrokerConsumer consumer) {
        this.consumer = consumer;
    }

    void read(BrokerPosition end) {
        read = end;
    }

    /** Commits what was read since the last commit; nothing when there is nothing new. */
    void commitRead() {
        if (!read.offsets().isEmpty() && !read.equals(committed)) {
            consumer.commit(new MessageBatch(List.of(), BrokerPosition.NONE, read));
            committed = read;
        }
    }
}
