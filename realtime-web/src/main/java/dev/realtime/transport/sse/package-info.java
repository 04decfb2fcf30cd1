/**
 * The SSE transport ({@code jakarta.ws.rs.sse}): one stream per client for several channels, each
 * message encoded once as a shared {@code OutboundSseEvent}, resumable with {@code Last-Event-ID}.
 */
package dev.realtime.transport.sse;
