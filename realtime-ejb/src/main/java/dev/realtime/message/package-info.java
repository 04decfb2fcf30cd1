/**
 * The message model: the immutable {@link dev.realtime.message.Message} record, its ids, and the
 * encoding of payloads to JSON with the size limit.
 */
package dev.realtime.message;
