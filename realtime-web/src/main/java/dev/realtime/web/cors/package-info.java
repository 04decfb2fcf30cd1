/**
 * Cross-origin browsers: the allow-list of origins, applied as CORS to every HTTP endpoint and as an
 * Origin check to WebSocket upgrades.
 */
package dev.realtime.web.cors;
