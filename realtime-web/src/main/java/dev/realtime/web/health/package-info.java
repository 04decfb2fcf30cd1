/** The node's health view: broker state and counters, and the consumer job's progress. */
package dev.realtime.web.health;
