package dev.realtime.transport.websocket;

import dev.realtime.RealtimeException;
import dev.realtime.RealtimeManager;
import dev.realtime.channel.ChannelNames;
import dev.realtime.message.RawJson;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Client events ({@code client-…}, Pusher's whispers): allowed only on private and presence
 * channels that match {@code realtime.client-events.channels} and that the sending connection has
 * joined; at most {@code realtime.client-events.rate} per second per connection (else
 * {@code pusher:error} 4301); never echoed to the sender; on presence channels they carry the
 * sender's {@code user_id}, as Pusher's do. They are broadcast like any event, so they reach the
 * other nodes too. Refusals are {@code pusher:error} 4009; the connection stays open.
 */
final class ClientEvents {
    private final RealtimeManager manager;
    private final List<Pattern> allowed;
    private final int perSecond;

    ClientEvents(RealtimeManager manager) {
        this.manager = manager;
        this.allowed = manager.settings().clientEventChannels().stream()
                .map(ChannelNames::glob)
                .toList();
        this.perSecond = manager.settings().clientEventRate();
    }

    void handle(PusherConnection connection, ClientFrame frame) {
        String channel = frame.channel();
        if (channel == null || !connection.registration().isSubscribed(channel)) {
            connection.send(PusherFrames.error(
                    4009, "Client event " + frame.event() + " on a channel this connection has not joined"));
            return;
        }
        if (!manager.names().typeOf(channel).requiresAuthorization() || !allowedOn(channel)) {
            connection.send(PusherFrames.error(
                    4009,
                    "Client events are not allowed on " + channel
                            + " (only private and presence channels in realtime.client-events.channels)"));
            return;
        }
        if (!connection.takeClientEventToken(perSecond, System.nanoTime())) {
            connection.send(PusherFrames.error(4301, "Client event rate limit exceeded: " + perSecond + " per second"));
            return;
        }
        try {
            manager.clientEvent(
                    channel,
                    frame.event(),
                    new RawJson(frame.data().toString()),
                    connection.id(),
                    connection.presenceUser(channel));
        } catch (RealtimeException e) {
            connection.send(PusherFrames.error(4000, e.getMessage()));
        }
    }

    private boolean allowedOn(String channel) {
        for (Pattern p : allowed) {
            if (p.matcher(channel).matches()) {
                return true;
            }
        }
        return false;
    }
}
