package dev.realtime.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application at the context root: {@code /realtime/sse}, {@code /realtime/poll}, the
 * demo's endpoints and page. Owning the root lets the Pusher HTTP API live at {@code /apps/…} as
 * Pusher server SDKs expect; WebSocket upgrades never reach JAX-RS.
 */
@ApplicationPath("/")
public class RealtimeApplication extends Application {}
