package dev.realtime.demo;

import dev.realtime.RealtimeManager;
import dev.realtime.message.Message;
import dev.realtime.message.RawJson;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * The demo page's publisher, and the example of what an application does: a stateless EJB that
 * injects {@link RealtimeManager} and broadcasts.
 */
@Stateless
public class DemoPublisher {

    @Inject
    RealtimeManager realtime;

    /** Broadcasts {@code json} (JSON text) as {@code event} on {@code channel}. */
    public Message publish(String channel, String event, String json, String exceptSocketId) {
        return realtime.broadcast(channel, event, new RawJson(json), exceptSocketId);
    }
}
