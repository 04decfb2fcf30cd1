package dev.realtime.node;

import dev.realtime.auth.PusherSignatures;
import dev.realtime.broker.Broker;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.broker.GuardedPublisher;
import dev.realtime.broker.NoneBroker;
import dev.realtime.channel.ChannelNames;
import dev.realtime.channel.ChannelRegistry;
import dev.realtime.cluster.Cluster;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.connection.ConnectionRegistry;
import dev.realtime.connection.FanOut;
import dev.realtime.connection.OutboundLimits;
import dev.realtime.connection.SocketIds;
import dev.realtime.history.MessageHistory;
import dev.realtime.history.RingMessageHistory;
import dev.realtime.message.MessageIds;
import dev.realtime.message.PayloadEncoder;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.ops.Drain;
import dev.realtime.presence.Presence;
import dev.realtime.webhook.Webhooks;
import java.util.concurrent.ThreadFactory;

/**
 * The parts of one node, made and wired once, in dependency order: names and payload rules,
 * channels, history (the SSE ring and channel history), fan-out and outbound limits, presence (announcing through the fan-out),
 * connections, the broker's publisher, users, the cluster's state (replicating through the broker
 * unless it is {@code none} or {@code realtime.cluster.replication=false}), how messages are sent,
 * the consume side, and the drain (whose last steps close the cluster's ticker, then flush and close
 * the webhooks and the broker). {@link RealtimeNode} is their face to the rest of the module.
 */
final class NodeParts {
    final RealtimeSettings settings;
    final ChannelNames names;
    final PayloadEncoder payloads;
    final ChannelRegistry channels;
    final MessageHistory history;
    final ChannelHistory channelHistory;
    final FanOut fanOut;
    final OutboundLimits outbound;
    final Presence presence;
    final PusherSignatures signatures;
    final ConnectionRegistry connections;
    final Broker broker;
    final GuardedPublisher publisher;
    final UserMessages users;
    final Cluster cluster;
    final Broadcasts broadcasts;
    final ConsumerSide consumerSide;
    final SocketIds socketIds;
    final Webhooks webhooks;
    final AuthRefusals authRefusals = new AuthRefusals();
    final Drain drain;

    NodeParts(RealtimeSettings settings, Broker broker, ThreadFactory threads, CallerTransaction transaction) {
        this.settings = settings;
        this.names = new ChannelNames(settings);
        this.payloads = new PayloadEncoder(settings.payloadLimit());
        this.channels = new ChannelRegistry();
        this.history = new RingMessageHistory(settings.historySize());
        try {
            this.channelHistory = ChannelHistory.open(broker, settings.history());
        } catch (RuntimeException e) {
            broker.close(); // the deployment fails: release what the broker opened
            throw e;
        }
        this.fanOut = new FanOut(channels);
        this.outbound = OutboundLimits.from(settings);
        MessageIds messageIds = new MessageIds();
        this.signatures = new PusherSignatures(settings.appKey(), settings.appSecret());
        this.webhooks = new Webhooks(settings.webhooks(), settings.appKey(), signatures, threads);
        this.presence = new Presence(new PresenceEvents(fanOut::deliver, messageIds, settings.nodeId(), webhooks));
        this.connections = new ConnectionRegistry(channels, names, settings.channelsPerConnection(), presence);
        this.broker = broker;
        this.publisher = new GuardedPublisher(broker);
        this.users = new UserMessages(names, payloads, messageIds, settings.nodeId(), fanOut, connections, transaction);
        this.cluster = new Cluster(
                settings.nodeId(),
                settings.cluster(),
                presence,
                channels,
                connections::connectionCount,
                publisher::publish,
                messageIds,
                users,
                settings.payloadLimit(),
                threads,
                !broker.name().equals(NoneBroker.NAME) && settings.cluster().replication(),
                webhooks);
        webhooks.decideGoneBy(cluster::responsibleForGone);
        users.attach(cluster);
        this.broadcasts = new Broadcasts(
                new MessageFactory(names, payloads, messageIds, settings.nodeId()),
                transaction,
                broker,
                publisher,
                history,
                fanOut,
                cluster,
                channelHistory);
        this.consumerSide = new ConsumerSide(settings, broker, new ConsumerActivity());
        this.socketIds = new SocketIds();
        this.drain = new Drain(settings.ops().drainGrace(), settings.ops().drainTimeout());
        drain.add(Drain.Stage.PUBLISHING, "cluster", budget -> cluster.close());
        drain.add(Drain.Stage.PUBLISHING, "webhooks", webhooks::close);
        drain.add(Drain.Stage.PUBLISHING, "broker", broker::close);
        drain.add(Drain.Stage.PUBLISHING, "history", budget -> channelHistory.close());
    }
}
