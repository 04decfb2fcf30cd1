/**
 * The Socket.IO gateway: Engine.IO v4 (HTTP long-polling, WebSocket, the upgrade between them,
 * server pings) at {@code /socket.io/}, Socket.IO v5 on top of it, and laravel-echo-server's channel
 * events ({@code subscribe}, {@code unsubscribe}, {@code client event}) over the core's channels.
 */
package dev.realtime.transport.socketio;
