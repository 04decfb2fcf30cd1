package dev.realtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke of the fan-out benchmark: {@code bench/run.sh --smoke} starts the built EAR (a copy
 * with this module's publisher WAR added) on a WildFly of its own and the Socket.IO peer, drives each with 200 clients for a few seconds per
 * cell, and the results must show every message delivered exactly once and in order per channel,
 * for every server, transport and publish mode. It asserts correctness only, never a speed.
 */
class BenchSmokeIT {
    private static final Path OUT = Path.of(System.getProperty("bench.out", "target/smoke"));
    private static int exitCode;
    private static List<JsonObject> rows;

    @BeforeAll
    static void runSmoke() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("bench.dir", ".")).resolve("run.sh");
        Files.createDirectories(OUT);
        Process run = new ProcessBuilder(
                        script.toString(),
                        "--smoke",
                        "--no-build",
                        "--ear",
                        System.getProperty("bench.ear"),
                        "--out",
                        OUT.toString())
                .redirectErrorStream(true)
                .redirectOutput(OUT.resolve("run.log").toFile())
                .start();
        if (!run.waitFor(15, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroyForcibly); // the servers, then the script
            run.destroyForcibly();
            throw new AssertionError("bench/run.sh --smoke did not end; see " + OUT.resolve("run.log"));
        }
        exitCode = run.exitValue();
        Path results = OUT.resolve("results.jsonl");
        rows = Files.exists(results)
                ? Files.readAllLines(results).stream()
                        .filter(line -> !line.isBlank())
                        .map(line -> Json.createReader(new StringReader(line)).readObject())
                        .toList()
                : List.of();
    }

    @Test
    void theScriptSucceeds() throws IOException {
        String log = log();
        assertEquals(0, exitCode, () -> "bench/run.sh --smoke failed:\n" + log);
    }

    @Test
    void everyServerTransportAndModeRanEveryCell() {
        Map<String, List<String>> cells = rows.stream()
                .collect(Collectors.groupingBy(
                        row -> row.getString("label"),
                        Collectors.mapping(
                                row -> row.getInt("channels") + ":" + row.getInt("rate"), Collectors.toList())));
        assertEquals(List.of("1:20", "100:100"), cells.get("realtime"), () -> "cells: " + cells);
        assertEquals(List.of("1:20", "100:100"), cells.get("socketio"), () -> "cells: " + cells);
        for (String label : List.of(
                "realtime sse", "realtime longpoll", "realtime socketio", "realtime [http]", "socketio [http]")) {
            assertEquals(List.of("100:100"), cells.get(label), () -> label + " in " + cells);
        }
    }

    @Test
    void everyMessageArrivesOnceAndInOrder() {
        assertTrue(rows.size() >= 9, () -> "results: " + rows);
        for (JsonObject row : rows) {
            String cell = row.getString("label") + " " + row.getInt("channels") + ":" + row.getInt("rate");
            assertEquals(row.getInt("clients"), row.getInt("connected"), cell + " connected");
            assertEquals(0, row.getInt("publishErrors"), cell + " publish errors");
            assertTrue(row.getJsonNumber("published").longValue() > 0, cell + " published nothing");
            assertTrue(row.getJsonNumber("expected").longValue() > 0, cell + " expected nothing");
            assertEquals(
                    row.getJsonNumber("expected").longValue(),
                    row.getJsonNumber("received").longValue(),
                    cell + " received");
            assertEquals(0, row.getInt("lost"), cell + " lost");
            assertEquals(0, row.getInt("outOfOrder"), cell + " out of order");
            assertEquals(0, row.getInt("duplicates"), cell + " duplicated");
        }
    }

    @Test
    void theReportIsWritten() throws IOException {
        String report = Files.readString(OUT.resolve("RESULTS.md"));
        assertTrue(report.contains("| 200 | 100 | 100 | realtime |"), report);
        assertTrue(report.contains("| 200 | 100 | 100 | socketio |"), report);
    }

    private static String log() throws IOException {
        Path log = OUT.resolve("run.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
