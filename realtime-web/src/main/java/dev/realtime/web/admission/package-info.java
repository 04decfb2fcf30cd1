/**
 * Admission control in the web tier: the client address of an HTTP request or a WebSocket
 * handshake, the node's {@link dev.realtime.admission.AdmissionControl}, and how its refusals look
 * on HTTP (429 / 503 with {@code Retry-After} and a JSON body).
 */
package dev.realtime.web.admission;
