package dev.realtime.web.admission;

import dev.realtime.admission.AddressKey;
import dev.realtime.admission.AdmissionControl;
import dev.realtime.admission.Refusal;
import dev.realtime.node.RealtimeNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.Session;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * This node's admission control, shared by every transport: each entry point calls {@code admit}
 * before it creates a connection and ties the ticket to the connection's end (see
 * {@code ConnectionRegistry.Registration#onClose}). A refusal is an
 * {@link dev.realtime.admission.AdmissionRefusedException}: JAX-RS resources let it through to
 * {@link AdmissionRefusedMapper}; WebSocket endpoints close with their own code. Created when the
 * application starts, so a malformed {@code realtime.admission.trusted-proxies} fails the deployment.
 */
@ApplicationScoped
public class Admission {
    /** The handshake's {@code X-Forwarded-For} values, put in the session's user properties by {@code OriginCheck}. */
    public static final String FORWARDED_FOR = "dev.realtime.admission.forwardedFor";

    @Inject
    RealtimeNode node;

    private AdmissionControl control;

    @PostConstruct
    void start() {
        control = new AdmissionControl(node.settings().admission());
        control.refuseWhile(node.drain()::draining);
    }

    void startup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        control.openCount(); // touch the bean so that it is created now
    }

    /** Whether {@code X-Forwarded-For} is read at all (a trusted proxy is configured). */
    public boolean readsForwardedFor() {
        return !node.settings().admission().trustedProxies().isEmpty();
    }

    /** Admits a connection opened by an HTTP request (SSE stream, long-poll client, Engine.IO polling session). */
    public AdmissionControl.Ticket admit(HttpServletRequest request) {
        List<String> forwarded =
                readsForwardedFor() ? Collections.list(request.getHeaders("X-Forwarded-For")) : List.of();
        return control.admit(control.addressOf(request.getRemoteAddr(), forwarded));
    }

    /** Admits a WebSocket connection (Pusher, direct Engine.IO) after its upgrade. */
    public AdmissionControl.Ticket admit(Session session) {
        return control.admit(addressOf(session));
    }

    @SuppressWarnings("unchecked")
    private AddressKey addressOf(Session session) {
        Map<String, Object> properties = session.getUserProperties();
        Object forwarded = properties == null ? null : properties.get(FORWARDED_FOR);
        return control.addressOf(
                WebSocketPeers.peer(session), forwarded instanceof List<?> list ? (List<String>) list : List.of());
    }

    public AdmissionControl control() {
        return control;
    }

    /** The {@code admission} object of {@code /realtime/health}. */
    public String healthJson() {
        return "{\"open\":" + control.openCount()
                + ",\"addresses\":" + control.trackedCount()
                + ",\"admitted\":" + control.admittedCount()
                + ",\"released\":" + control.releasedCount()
                + ",\"refused\":{\"quota\":" + control.refusedCount(Refusal.ADDRESS_QUOTA)
                + ",\"rate\":" + control.refusedCount(Refusal.RATE)
                + ",\"nodeFull\":" + control.refusedCount(Refusal.NODE_FULL)
                + ",\"draining\":" + control.refusedCount(Refusal.DRAINING) + "}}";
    }
}
