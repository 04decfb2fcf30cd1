/**
 * Channel authorization: the application's {@link dev.realtime.auth.ChannelAuthorizer} beans decide
 * who may join private and presence channels, and {@link dev.realtime.auth.PusherSignatures} signs
 * and checks the Pusher protocol's proofs of those decisions.
 */
package dev.realtime.auth;
