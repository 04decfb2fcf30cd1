package dev.realtime.cluster;

import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.webhook.WebhookEvents;
import java.util.Set;

/**
 * When a channel becomes occupied or vacated in the whole cluster, for the webhooks, decided once:
 * by the node whose subscriber was the channel's first (its other nodes had none, as far as their
 * last counts say) or its last, and, for the channels a vanished node emptied, by the surviving
 * node with the lowest id. Two first subscribers on two nodes within the counts' flush interval can
 * both report {@code channel_occupied}.
 */
final class Occupancy implements ChannelRegistry.Listener {
    private final Cluster cluster;
    private final ChannelRegistry channels;
    private final WebhookEvents webhooks;

    Occupancy(Cluster cluster, ChannelRegistry channels, WebhookEvents webhooks) {
        this.cluster = cluster;
        this.channels = channels;
        this.webhooks = webhooks;
    }

    @Override
    public void changed(String channel, int subscribers, boolean added) {
        if (ChannelNames.isInternal(channel)) {
            return;
        }
        if (added && subscribers == 1 && cluster.remoteCount(channel) == 0) {
            webhooks.occupied(channel);
        } else if (!added && subscribers == 0 && cluster.remoteCount(channel) == 0) {
            webhooks.vacated(channel);
        }
    }

    /** A node vanished with subscribers on {@code its}: the channels nobody else has are vacated. */
    void nodeGone(Set<String> its) {
        if (!webhooks.responsibleForGone()) {
            return;
        }
        for (String channel : its) {
            if (channels.subscriberCount(channel) == 0 && cluster.remoteCount(channel) == 0) {
                webhooks.vacated(channel);
            }
        }
    }
}
