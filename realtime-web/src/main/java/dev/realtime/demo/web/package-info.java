/** The demo page's JAX-RS endpoints: off unless the demo is enabled, and public channels only. */
package dev.realtime.demo.web;
