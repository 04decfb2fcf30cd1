package dev.realtime.consumer;

import static dev.realtime.consumer.InMemoryBroker.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerRelay;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelFilterProcessorTest {
    private final BatchContexts contexts = new BatchContexts();

    private ChannelFilterProcessor processor(String... channels) {
        BrokerConsumer consumer = new InMemoryBroker().consumer(ConsumerOptions.all(10));
        contexts.transientUserData = new BrokerRelay(consumer, "me", List.of(channels));
        ChannelFilterProcessor processor = new ChannelFilterProcessor();
        processor.step = contexts.step();
        return processor;
    }

    private static MessageBatch batch(Message... messages) {
        return new MessageBatch(List.of(messages), MessageBatch.EMPTY.start(), MessageBatch.EMPTY.end());
    }

    @Test
    void keepsOtherNodesMessagesOnTheSelectedChannelsInOrder() {
        Message own = message("1", "user.1", "me");
        Message forB = message("2", "user.2", "b");
        Message news = message("3", "news", "b");
        Message forC = message("4", "user.3", "c");
        assertEquals(List.of(forB, forC), processor("user.*").processItem(batch(own, forB, news, forC)));
    }

    @Test
    void withoutChannelsEveryOtherNodesMessageIsKept() {
        Message own = message("1", "news", "me");
        Message other = message("2", "news", "b");
        assertEquals(List.of(other), processor().processItem(batch(own, other)));
    }

    @Test
    void aBatchWithNothingToDeliverIsFilteredOut() {
        assertNull(processor("user.*").processItem(batch(message("1", "user.1", "me"), message("2", "news", "b"))));
        assertNull(processor().processItem(MessageBatch.EMPTY), "an idle poll's empty item");
    }
}
