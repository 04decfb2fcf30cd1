/**
 * The server-to-server {@link dev.realtime.broker.Broker} SPI and its factory. Each broker lives
 * in its own sub-package named after its technology.
 */
package dev.realtime.broker;
