/**
 * The Kafka broker: channels grouped onto a few topics (or one topic per channel), keyed by channel
 * for per-channel order, an idempotent batching producer, and one consumer group per node that
 * commits a batch only after it was delivered. At least once between nodes.
 */
package dev.realtime.broker.kafka;
