/**
 * Message history. Channel history with positions ({@link dev.realtime.history.HistoryStore}: offset
 * and epoch per channel, in memory or in the broker's store) serves {@code RealtimeManager.history}
 * and cache channels; the node-wide {@link dev.realtime.history.MessageHistory} ring still resumes SSE
 * streams by message id.
 */
package dev.realtime.history;
