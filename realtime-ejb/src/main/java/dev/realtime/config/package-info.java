/**
 * Configuration: every key with its default in {@link dev.realtime.config.Setting}, read once through
 * MicroProfile Config into the immutable {@link dev.realtime.config.RealtimeSettings}.
 */
package dev.realtime.config;
