/**
 * The broker consumer: a Jakarta Batch job that reads the broker in batches and delivers with
 * {@code broadcastLocal()}. It runs only here, never in the web tier.
 */
package dev.realtime.consumer;
