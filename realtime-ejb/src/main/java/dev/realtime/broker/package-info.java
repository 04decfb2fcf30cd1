/**
 * The server-to-server {@link dev.realtime.broker.Broker} SPI and its factory, and the consume
 * side every broker shares: {@link dev.realtime.broker.BufferedConsumer} over a {@link
 * dev.realtime.broker.BatchBuffer}, driven by the one loop {@link dev.realtime.broker.BrokerRelay}.
 * Each broker lives in its own sub-package named after its technology.
 */
package dev.realtime.broker;
