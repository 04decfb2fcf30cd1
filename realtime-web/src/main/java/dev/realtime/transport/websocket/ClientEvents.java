package dev.realtime.transport.websocket;

import dev.realtime.RealtimeException;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.web.ClientEventRules;

/**
 * Client events ({@code client-…}, Pusher's whispers) under the {@link ClientEventRules}: refusals
 * are {@code pusher:error} 4009, over the rate 4301; the connection stays open. Never echoed to the
 * sender; on presence channels they carry the sender's {@code user_id}, as Pusher's do. They are
 * broadcast like any event, so they reach the other nodes too.
 */
final class ClientEvents {
    private final RealtimeNode node;
    private final ClientEventRules rules;

    ClientEvents(RealtimeNode node) {
        this.node = node;
        this.rules = new ClientEventRules(node);
    }

    void handle(PusherConnection connection, ClientFrame frame) {
        String channel = frame.channel();
        String refusal = rules.refusal(connection.registration(), channel, frame.event());
        if (refusal != null) {
            connection.send(PusherFrames.error(4009, refusal));
            return;
        }
        if (!connection.takeClientEventToken(rules.perSecond(), System.nanoTime())) {
            connection.send(
                    PusherFrames.error(4301, "Client event rate limit exceeded: " + rules.perSecond() + " per second"));
            return;
        }
        try {
            node.clientEvent(
                    channel,
                    frame.event(),
                    new RawJson(frame.data().toString()),
                    connection.id(),
                    connection.registration().memberId(channel));
        } catch (RealtimeException e) {
            connection.send(PusherFrames.error(4000, e.getMessage()));
        }
    }
}
