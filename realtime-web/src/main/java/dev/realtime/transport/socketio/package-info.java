/**
 * The Socket.IO gateway: Engine.IO v4 (HTTP long-polling, WebSocket, the upgrade between them,
 * server pings) at {@code /socket.io/}, Socket.IO v5 on top of it, and laravel-echo-server's channel
 * events ({@code subscribe}, {@code unsubscribe}, {@code client event}) over the core's channels.
 * Shaped like the other transports: {@code SocketIoEndpoint} and {@code SocketIoPollingResource},
 * {@code SocketIoConnection} (one per namespace socket), {@code SocketIoWireFormat} and
 * {@code SocketIoRegistry} (the Engine.IO sessions and their sweep).
 * Every client is untrusted: what it makes the node keep is bounded in bytes, what it is sent back
 * of its own input is capped, and the server calls no address but the configured auth URL.
 */
package dev.realtime.transport.socketio;
