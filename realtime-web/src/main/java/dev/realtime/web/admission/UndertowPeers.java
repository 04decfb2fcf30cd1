package dev.realtime.web.admission;

import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;
import java.net.InetSocketAddress;

/**
 * WildFly's peer address of a WebSocket session: the source address of its Undertow channel, the
 * TCP peer (never a forwarded header). Touched only when Undertow's classes are visible.
 */
final class UndertowPeers {
    private UndertowPeers() {}

    static String peer(Session session) {
        if (!(session instanceof UndertowSession undertow)) {
            return null;
        }
        InetSocketAddress source = undertow.getWebSocketChannel().getSourceAddress();
        return source == null || source.getAddress() == null
                ? null
                : source.getAddress().getHostAddress();
    }
}
