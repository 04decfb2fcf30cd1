/**
 * The NATS broker (jnats): core NATS subjects for at-most-once fan-out, or JetStream (a stream and
 * a durable pull consumer per node) for at least once with replay. Publishing and each consumer
 * have their own connection; the client reconnects by itself.
 */
package dev.realtime.broker.nats;
