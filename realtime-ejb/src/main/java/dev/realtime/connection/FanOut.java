package dev.realtime.connection;

import dev.realtime.channel.ChannelRegistry;
import dev.realtime.message.Message;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Local delivery: one {@link Delivery} per message, handed to every subscriber of its channel on
 * this node except the excluded socket. Lock-free (it reads the channel index's live view); never
 * blocks (connections queue); a connection that throws does not stop the others.
 */
public final class FanOut {
    private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

    private final ChannelRegistry channels;
    private final LongAdder delivered = new LongAdder();

    public FanOut(ChannelRegistry channels) {
        this.channels = channels;
    }

    public void deliver(Message message) {
        Delivery delivery = new Delivery(message);
        int count = 0;
        for (Connection connection : channels.subscribers(message.channel())) {
            if (message.excludes(connection.id())) {
                continue;
            }
            try {
                connection.deliver(delivery);
                count++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Delivery to connection " + connection.id() + " failed", e);
            }
        }
        delivered.add(count);
    }

    /** Messages handed to connections so far (one per recipient). */
    public long deliveredCount() {
        return delivered.sum();
    }
}
