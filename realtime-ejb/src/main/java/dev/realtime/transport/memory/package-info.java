/** The in-memory transport: in-JVM clients for tests and for code without a web tier. */
package dev.realtime.transport.memory;
