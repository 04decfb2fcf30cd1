package dev.realtime.transport.websocket;

import dev.realtime.RealtimeManager;
import dev.realtime.web.cors.OriginPolicy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Refuses WebSocket upgrades (HTTP 403) from browser origins outside
 * {@code realtime.cors.allowed-origins} when that list is set. The container creates it, so it
 * reaches the configuration through CDI on first use.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {
    private volatile OriginPolicy policy;

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        OriginPolicy current = policy;
        if (current == null) {
            current = new OriginPolicy(
                    CDI.current().select(RealtimeManager.class).get().settings().allowedOrigins());
            policy = current;
        }
        return current.allowsWebSocket(originHeaderValue);
    }
}
