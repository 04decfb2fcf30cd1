package dev.realtime.consumer;

import dev.realtime.broker.Broker;
import dev.realtime.broker.BrokerConsumer;
import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.BrokerStats;
import dev.realtime.broker.ConsumerOptions;
import dev.realtime.broker.MessageBatch;
import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A broker for the job's unit tests: its one consumer hands out the batches a test queued, in
 * order, and records what the job did with them (commits, rewinds, seeks, close). A rewound batch
 * is polled again first, as every real broker does. Publishing only records.
 */
final class InMemoryBroker implements Broker {
    static final String NAME = "in-memory";

    final Deque<MessageBatch> queued = new ArrayDeque<>();
    final List<Message> published = new ArrayList<>();
    final List<ConsumerOptions> opened = new ArrayList<>();
    final List<BrokerPosition> committed = new ArrayList<>();
    final List<MessageBatch> rewound = new ArrayList<>();
    final List<BrokerPosition> seeks = new ArrayList<>();
    boolean consumerClosed;
    long lag = 3;

    /** Queues a batch of {@code messages} at positions {@code start}… of partition {@code p-0}. */
    MessageBatch queue(long start, Message... messages) {
        MessageBatch batch = new MessageBatch(
                List.of(messages),
                new BrokerPosition(Map.of("p-0", start)),
                new BrokerPosition(Map.of("p-0", start + messages.length)));
        queued.add(batch);
        return batch;
    }

    static Message message(String id, String channel, String origin) {
        return new Message(id, channel, "e", "{\"n\":\"" + id + "\"}", 1L, origin, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void publish(Message message) {
        if (!message.channel().equals(ChannelNames.CLUSTER_CHANNEL)) { // the nodes' own: see ClusterTest
            published.add(message);
        }
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public BrokerStats stats() {
        return new BrokerStats(NAME, true, published.size(), 0, 0, 0, 0, lag);
    }

    @Override
    public BrokerConsumer consumer(ConsumerOptions options) {
        opened.add(options);
        return new BrokerConsumer() {
            @Override
            public MessageBatch poll(Duration timeout) {
                MessageBatch next = queued.poll();
                return next != null ? next : MessageBatch.EMPTY;
            }

            @Override
            public void commit(BrokerPosition end) {
                committed.add(end);
            }

            @Override
            public void rewind(MessageBatch batch) {
                rewound.add(batch);
                queued.addFirst(batch);
            }

            @Override
            public void seek(BrokerPosition position) {
                seeks.add(position);
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public long lag() {
                return lag;
            }

            @Override
            public void wakeup() {}

            @Override
            public void close() {
                consumerClosed = true;
            }
        };
    }

    @Override
    public void close() {}
}
