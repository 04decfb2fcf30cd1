package dev.realtime.transport.io;

import dev.realtime.config.Setting;
import dev.realtime.config.WritePath;
import dev.realtime.node.RealtimeNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.logging.Logger;

/**
 * Chooses how WebSocket frames are written ({@code realtime.websocket.write-path}) once, when the
 * application starts, and makes each session's {@link FrameSender}: the native Undertow writer
 * when the server has one and the setting allows it, else the portable JSR-356 one. Used by the
 * Pusher endpoint and the Socket.IO gateway. Undertow is detected by loading its classes by name,
 * and {@link UndertowFrameSender} is touched only when they loaded, so a server without Undertow
 * (Payara) never loads it. {@code native} where there is no Undertow fails the deployment.
 */
@ApplicationScoped
public class WritePaths {
    private static final Logger LOG = Logger.getLogger(WritePaths.class.getName());
    /** Shown by the health endpoint as {@code websocket.writePath}. */
    public static final String NATIVE = "native";

    public static final String PORTABLE = "portable";

    /** Undertow's JSR-356 session: its presence means the native path is possible. */
    static final String UNDERTOW_SESSION = "io.undertow.websockets.jsr.UndertowSession";

    @Inject
    RealtimeNode node;

    private boolean nativePath;

    @PostConstruct
    void start() {
        nativePath = choose(node.settings().webSocketWritePath(), undertowPresent(WritePaths.class.getClassLoader()));
        LOG.info(() -> "WebSocket write path: " + name()
                + (nativePath ? " (Undertow, each broadcast encoded to UTF-8 once)" : " (JSR-356 sendText)") + "; "
                + Setting.WEBSOCKET_WRITE_PATH.key() + "="
                + node.settings().webSocketWritePath().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Makes the choice at deployment, so that an impossible {@code native} fails it. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "WebSocket write path " + name());
    }

    /** {@value #NATIVE} or {@value #PORTABLE}: the path new sessions use. */
    public String name() {
        return nativePath ? NATIVE : PORTABLE;
    }

    /** The sender for one session; its writes complete through {@code completion}. */
    public FrameSender open(Session session, FrameSender.Completion completion) {
        FrameSender sender = nativePath ? UndertowFrameSender.of(session, completion) : null;
        return sender != null ? sender : new PortableFrameSender(session.getAsyncRemote(), completion);
    }

    /**
     * Whether the native path is used.
     *
     * @throws IllegalStateException {@code native} without Undertow, naming the setting
     */
    static boolean choose(WritePath configured, boolean undertowPresent) {
        return switch (configured) {
            case PORTABLE -> false;
            case AUTO -> undertowPresent;
            case NATIVE -> {
                if (!undertowPresent) {
                    throw new IllegalStateException(Setting.WEBSOCKET_WRITE_PATH.key()
                            + "=native, but this server has no native WebSocket writer (Undertow's "
                            + UNDERTOW_SESSION + " is not visible to the WAR): use auto or portable");
                }
                yield true;
            }
        };
    }

    /** Whether Undertow's WebSocket classes are visible to {@code loader}; loads none of ours. */
    static boolean undertowPresent(ClassLoader loader) {
        try {
            Class.forName(UNDERTOW_SESSION, false, loader);
            Class.forName("io.undertow.websockets.core.WebSockets", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
