/**
 * Admission control: how many connections one client address and the whole node may hold, and how
 * fast one address may open new ones, on every transport. A transport asks
 * {@link dev.realtime.admission.AdmissionControl} for a ticket before it creates a connection and
 * closes the ticket, exactly once, when the connection ends; a refusal says why and when to retry.
 */
package dev.realtime.admission;
