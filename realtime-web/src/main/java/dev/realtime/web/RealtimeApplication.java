package dev.realtime.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application at the context root: {@code /realtime/sse}, {@code /realtime/poll} and
 * the demo's endpoint. Static files under {@code /demo/} go to the container's default servlet
 * (see {@code web.xml}); WebSocket upgrades never reach JAX-RS.
 */
@ApplicationPath("/")
public class RealtimeApplication extends Application {}
