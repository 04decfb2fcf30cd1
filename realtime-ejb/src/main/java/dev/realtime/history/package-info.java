/**
 * Message history behind the {@link dev.realtime.history.MessageHistory} interface, used to resume
 * SSE streams; the default keeps a bounded in-memory ring per node.
 */
package dev.realtime.history;
