/**
 * The seam between the core and the transports: a transport implements
 * {@link dev.realtime.connection.Connection} and registers it; the core hands it
 * {@link dev.realtime.connection.Delivery deliveries} whose wire encodings are computed once and
 * shared by every recipient.
 */
package dev.realtime.connection;
