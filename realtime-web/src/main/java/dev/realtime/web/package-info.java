/**
 * Web-tier plumbing shared by the HTTP transports: the JAX-RS application, JSON error bodies and
 * the parsing of channel lists.
 */
package dev.realtime.web;
