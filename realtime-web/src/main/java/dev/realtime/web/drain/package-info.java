/**
 * The web side of the graceful drain ({@link dev.realtime.ops.Drain}): what begins it (the server's
 * suspend on WildFly, the WAR's stop everywhere) and the transports' shared wait for their clients
 * to go.
 */
package dev.realtime.web.drain;
