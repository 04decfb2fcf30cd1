/**
 * The PostgreSQL LISTEN/NOTIFY broker: a batch of messages is one transaction of {@code pg_notify}
 * calls on the publisher's connection, large messages go through a table and the notification
 * carries the row id, and each consumer LISTENs on a dedicated connection. Optionally publishes
 * inside the caller's JTA transaction (notified on commit, never on rollback). At most once between
 * nodes.
 */
package dev.realtime.broker.postgres;
