/** The node-local channel history store, in memory and bounded in bytes and channels. */
package dev.realtime.history.memory;
