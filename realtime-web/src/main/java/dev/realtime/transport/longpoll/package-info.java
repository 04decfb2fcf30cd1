/**
 * The long-polling transport ({@code @Suspended AsyncResponse}): a cursor per client over a bounded
 * per-client buffer, so that nothing published between two polls is lost.
 */
package dev.realtime.transport.longpoll;
