package dev.realtime.transport.io;

import dev.realtime.node.RealtimeNode;
import dev.realtime.web.admission.Admission;
import dev.realtime.web.cors.OriginPolicy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Refuses WebSocket upgrades (HTTP 403) from browser origins outside
 * {@code realtime.cors.allowed-origins} when that list is set. The container creates it, so it
 * reaches the configuration through CDI on first use. It also hands the handshake's
 * {@code X-Forwarded-For} to the endpoint (for admission control) when a trusted proxy is
 * configured: the configuration WildFly's Undertow passes here is a copy per connection, which the
 * session's user properties start from.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {
    private volatile OriginPolicy policy;
    private volatile Boolean readsForwardedFor;

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        OriginPolicy current = policy;
        if (current == null) {
            current = new OriginPolicy(
                    CDI.current().select(RealtimeNode.class).get().settings().allowedOrigins());
            policy = current;
        }
        return current.allowsWebSocket(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        Boolean forwardedWanted = readsForwardedFor;
        if (forwardedWanted == null) {
            forwardedWanted = CDI.current().select(Admission.class).get().readsForwardedFor();
            readsForwardedFor = forwardedWanted;
        }
        if (forwardedWanted) {
            List<String> forwarded = null;
            for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
                if ("X-Forwarded-For".equalsIgnoreCase(header.getKey())) {
                    forwarded = header.getValue();
                }
            }
            config.getUserProperties()
                    .put(Admission.FORWARDED_FOR, forwarded == null ? List.of() : List.copyOf(forwarded));
        }
    }
}
