/**
 * Web-tier plumbing shared by the HTTP transports: the JAX-RS application, JSON error bodies, the
 * parsing of channel lists, and the WebSocket closes of every transport.
 */
package dev.realtime.web;
