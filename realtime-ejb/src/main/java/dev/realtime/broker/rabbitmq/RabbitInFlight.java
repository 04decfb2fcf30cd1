package dev.realtime.broker.rabbitmq;

import dev.realtime.broker.BrokerPosition;
import dev.realtime.broker.MessageBatch;
import dev.realtime.message.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The deliveries a {@link RabbitConsumer} polled and has not committed yet, in order, and the
 * positions of its batches: {@code {epoch, tag}} of a batch's first and last delivery. They mean
 * nothing to another consumer. Used by the polling thread only.
 */
final class RabbitInFlight {
    static final String EPOCH = "epoch";
    static final String TAG = "tag";

    /** A received message, with the connection (epoch) and the delivery tag that acknowledge it. */
    record Delivery(Message message, long epoch, long tag) {}

    private final ArrayDeque<Delivery> inFlight = new ArrayDeque<>();

    /** Remembers {@code taken} (polled, never empty) and returns it as a batch. */
    MessageBatch add(List<Delivery> taken) {
        inFlight.addAll(taken);
        List<Message> messages = new ArrayList<>(taken.size());
        for (Delivery d : taken) {
            messages.add(d.message());
        }
        return new MessageBatch(messages, position(taken.get(0)), position(taken.get(taken.size() - 1)));
    }

    /**
     * Forgets every delivery up to the one at {@code end}.
     *
     * @return the highest tag among them of connection {@code liveEpoch}, to acknowledge with
     *     {@code multiple}; -1 when there is none (an unknown position, or one committed already)
     */
    long takeUpTo(BrokerPosition end, long liveEpoch) {
        Delivery last = find(end);
        if (last == null) {
            return -1;
        }
        long ackTag = -1;
        while (!inFlight.isEmpty()) {
            Delivery d = inFlight.pollFirst();
            if (d.epoch() == liveEpoch) {
                ackTag = Math.max(ackTag, d.tag());
            }
            if (d == last) {
                break;
            }
        }
        return ackTag;
    }

    /** Takes out the delivery at {@code start} and every one after it, in order (to poll again). */
    List<Delivery> takeFrom(BrokerPosition start) {
        Delivery first = find(start);
        List<Delivery> back = new ArrayList<>();
        if (first == null) {
            return back;
        }
        boolean from = false;
        for (Iterator<Delivery> it = inFlight.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            from |= d == first;
            if (from) {
                back.add(d);
                it.remove();
            }
        }
        return back;
    }

    private Delivery find(BrokerPosition position) {
        Long epoch = position.offsets().get(EPOCH);
        Long tag = position.offsets().get(TAG);
        if (epoch == null || tag == null) {
            return null;
        }
        for (Delivery d : inFlight) {
            if (d.epoch() == epoch && d.tag() == tag) {
                return d;
            }
        }
        return null;
    }

    private static BrokerPosition position(Delivery d) {
        return new BrokerPosition(Map.of(EPOCH, d.epoch(), TAG, d.tag()));
    }
}
