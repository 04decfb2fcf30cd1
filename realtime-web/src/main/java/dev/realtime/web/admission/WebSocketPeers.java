package dev.realtime.web.admission;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The peer address of a WebSocket session, which JSR-356 does not expose: on WildFly the source
 * address of Undertow's channel ({@link UndertowPeers}, loaded only where Undertow's classes are
 * visible), elsewhere a public {@code getRemoteAddr()} of the session class when it has one
 * (Tyrus, Payara's implementation). {@code null} when neither gives it: only the node-wide limit
 * then applies to that connection.
 */
final class WebSocketPeers {
    private static final Logger LOG = Logger.getLogger(WebSocketPeers.class.getName());
    private static final boolean UNDERTOW = present("io.undertow.websockets.jsr.UndertowSession");

    private WebSocketPeers() {}

    static String peer(Session session) {
        if (UNDERTOW) {
            String peer = UndertowPeers.peer(session);
            if (peer != null) {
                return peer;
            }
        }
        try {
            Method method = session.getClass().getMethod("getRemoteAddr");
            Object value = method.invoke(session);
            return value instanceof String text ? text : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "No peer address for a WebSocket session of " + session.getClass(), e);
            return null;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, WebSocketPeers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
