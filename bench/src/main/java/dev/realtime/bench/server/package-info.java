/**
 * The fan-out benchmark's in-server publisher, packaged as {@code realtime-bench.war}: never part of
 * the product EAR; {@code bench/run.sh} adds it to a copy of the EAR it benchmarks (context root
 * {@code /bench}), where it injects the EAR's {@code RealtimeManager} as application code does.
 */
package dev.realtime.bench.server;
