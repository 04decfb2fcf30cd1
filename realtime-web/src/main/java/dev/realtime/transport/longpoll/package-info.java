/**
 * The long-polling transport ({@code @Suspended AsyncResponse}): {@link
 * dev.realtime.transport.longpoll.LongPollResource} (resource), {@link
 * dev.realtime.transport.longpoll.LongPollConnection} (a cursor over a bounded per-client buffer, so
 * that nothing published between two polls is lost), {@link
 * dev.realtime.transport.longpoll.LongPollWireFormat} and {@link
 * dev.realtime.transport.longpoll.LongPollRegistry} (the clients and their expiry sweep).
 */
package dev.realtime.transport.longpoll;
