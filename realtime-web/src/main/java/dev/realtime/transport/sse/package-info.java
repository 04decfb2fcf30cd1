/**
 * The SSE transport ({@code jakarta.ws.rs.sse}): {@link dev.realtime.transport.sse.SseResource}
 * (resource), {@link dev.realtime.transport.sse.SseConnection} (one stream for several channels,
 * resumable with {@code Last-Event-ID}), {@link dev.realtime.transport.sse.SseWireFormat} (each
 * message one shared {@code OutboundSseEvent}) and {@link dev.realtime.transport.sse.SseRegistry}
 * (the open streams and their keep-alive sweep).
 */
package dev.realtime.transport.sse;
