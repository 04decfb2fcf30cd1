/**
 * The Pusher HTTP API ({@code /apps/{appId}/…}) that every Pusher server SDK calls: publishing
 * events, single or batched, and querying this node's channels, every request signed with the app
 * secret.
 */
package dev.realtime.api;
