/**
 * Channel authorization in the web tier: the auth endpoints Pusher clients call, and the bridge to
 * the application's {@link dev.realtime.auth.ChannelAuthorizer} beans used by every transport.
 */
package dev.realtime.web.auth;
