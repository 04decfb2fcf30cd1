package dev.realtime.transport.websocket;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Json;
import dev.realtime.message.Message;
import dev.realtime.node.PresenceEvents;
import dev.realtime.transport.io.TextFrame;

/**
 * The Pusher transport's wire format: {@code {"event":E,"channel":C,"data":"<payload>"}} (the
 * payload as a JSON <em>string</em>, as pusher-js expects), plus the sender's {@code user_id} for a
 * client event on a presence channel; a {@code member_removed} carries the member's id only. Encoded once per message, to UTF-8 bytes included, for all
 * WebSocket recipients. Stateless and thread-safe; the protocol's own replies are {@link PusherFrames}.
 */
public final class PusherWireFormat extends WireFormat<TextFrame> {
    /** The one instance (each wire format takes a cache slot of every delivery). */
    public static final PusherWireFormat INSTANCE = new PusherWireFormat();

    private PusherWireFormat() {}

    @Override
    public TextFrame encode(Message m) {
        if (m.event().equals(PresenceEvents.MEMBER_REMOVED)) {
            // Pusher announces a departure by id only
            return TextFrame.of(PusherFrames.frame(
                    m.event(),
                    m.channel(),
                    Json.quote(new StringBuilder("{\"user_id\":"), m.userId())
                            .append('}')
                            .toString()));
        }
        String frame = PusherFrames.frame(m.event(), m.channel(), m.data());
        if (m.userId() == null) {
            return TextFrame.of(frame);
        }
        StringBuilder withUser = new StringBuilder(frame.length() + m.userId().length() + 16);
        withUser.append(frame, 0, frame.length() - 1).append(",\"user_id\":");
        return TextFrame.of(Json.quote(withUser, m.userId()).append('}').toString());
    }
}
