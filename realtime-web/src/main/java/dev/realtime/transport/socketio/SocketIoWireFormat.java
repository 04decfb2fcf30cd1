package dev.realtime.transport.socketio;

import dev.realtime.connection.WireFormat;
import dev.realtime.message.Message;
import dev.realtime.node.PresenceEvents;
import dev.realtime.transport.io.TextFrame;

/**
 * The Socket.IO transport's wire format: {@code 42["event","channel",data]}, an Engine.IO message
 * holding a root-namespace EVENT, as laravel-echo-server shaped it (presence joins and leaves become
 * {@code presence:joining} / {@code presence:leaving}). Encoded once per message, to UTF-8 bytes
 * included, for every Socket.IO recipient; {@link #inNamespace} moves it to a socket's namespace.
 * Stateless and thread-safe; the protocol's own packets are {@link SocketIoFrames}.
 */
public final class SocketIoWireFormat extends WireFormat<TextFrame> {
    /** The one instance (each wire format takes a cache slot of every delivery). */
    public static final SocketIoWireFormat INSTANCE = new SocketIoWireFormat();

    private SocketIoWireFormat() {}

    @Override
    public TextFrame encode(Message m) {
        String event =
                switch (m.event()) {
                    case PresenceEvents.MEMBER_ADDED -> SocketIoFrames.JOINING;
                    case PresenceEvents.MEMBER_REMOVED -> SocketIoFrames.LEAVING;
                    default -> m.event();
                };
        return TextFrame.of(SocketIoFrames.event(SocketPacket.ROOT, event, m.channel(), m.data()));
    }

    /**
     * This format's frame moved to another namespace: the root one is shared as is, another is
     * encoded for this recipient.
     */
    static TextFrame inNamespace(TextFrame rootFrame, String namespace) {
        return SocketPacket.ROOT.equals(namespace)
                ? rootFrame
                : TextFrame.of("42" + namespace + "," + rootFrame.text().substring(2));
    }
}
