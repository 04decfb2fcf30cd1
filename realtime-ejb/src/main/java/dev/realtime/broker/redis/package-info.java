/**
 * The Redis Pub/Sub broker (Jedis): pipelined publishing on its own connection, pattern
 * subscriptions on a dedicated one, both reconnecting by themselves. At most once between nodes.
 */
package dev.realtime.broker.redis;
