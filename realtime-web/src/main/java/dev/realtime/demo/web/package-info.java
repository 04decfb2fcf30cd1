/** The demo page's JAX-RS endpoints; publishing is off unless the demo is enabled. */
package dev.realtime.demo.web;
