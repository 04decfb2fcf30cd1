/**
 * The RabbitMQ broker (amqp-client, blocking socket I/O): one durable topic exchange, routing key =
 * channel name, one queue per node (exclusive: at most once; durable: at least once), publisher
 * confirms, acknowledgements only on commit, reconnecting with back-off on both sides.
 */
package dev.realtime.broker.rabbitmq;
