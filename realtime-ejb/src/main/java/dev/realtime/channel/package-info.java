/**
 * Channels: name rules and kinds ({@link dev.realtime.channel.ChannelNames}), the lock-free
 * subscriber index used by the fan-out ({@link dev.realtime.channel.ChannelRegistry}), and the
 * read-only {@link dev.realtime.channel.Channel} view that applications query.
 */
package dev.realtime.channel;
