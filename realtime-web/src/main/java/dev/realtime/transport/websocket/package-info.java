/**
 * The WebSocket transport: the Pusher Channels protocol v7 over JSR-356. {@link
 * dev.realtime.transport.websocket.PusherEndpoint} (endpoint), {@link
 * dev.realtime.transport.websocket.PusherConnection} (one bounded outbound queue each), {@link
 * dev.realtime.transport.websocket.PusherWireFormat} (events) and {@link
 * dev.realtime.transport.websocket.PusherRegistry} (the open connections and their one activity sweep).
 */
package dev.realtime.transport.websocket;
