/**
 * The broker consumer: a Jakarta Batch job whose reader, processor, writer and chunk listener
 * drive one {@link dev.realtime.broker.BrokerRelay} (poll, keep, deliver with {@code
 * broadcastLocal()}, commit or rewind). It runs only here, never in the web tier.
 */
package dev.realtime.consumer;
