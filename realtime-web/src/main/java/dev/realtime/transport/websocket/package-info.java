/**
 * The WebSocket transport: the Pusher Channels protocol v7 over JSR-356, one bounded outbound
 * queue per connection and one activity sweep for all of them.
 */
package dev.realtime.transport.websocket;
