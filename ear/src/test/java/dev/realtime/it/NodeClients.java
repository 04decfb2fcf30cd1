package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the real JavaScript client libraries in Node. The scripts and package.json live in
 * src/test/node; the first use copies them to target/node and installs the npm packages there.
 */
final class NodeClients {
    private static final Path SOURCE = Path.of(System.getProperty("realtime.node.src", "src/test/node"));
    private static final Path WORK = Path.of(System.getProperty("realtime.node.dir", "target/node"));

    private NodeClients() {}

    static synchronized Path install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path file : files.toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!installed()) {
            // Never inheritIO: node would set the forked test JVM's shared stdin non-blocking, which
            // breaks Failsafe's channel to it ("std/in stream corrupted").
            Path log = WORK.resolve("npm-install.log");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(WORK.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertEquals(0, npm.waitFor(), "npm install failed in " + WORK + ":\n" + Files.readString(log));
        }
        return WORK;
    }

    /** Whether every dependency named in package.json is in node_modules. */
    private static boolean installed() throws IOException {
        String manifest = Files.readString(WORK.resolve("package.json"));
        String dependencies = manifest.substring(manifest.indexOf("\"dependencies\""));
        Matcher names = Pattern.compile("\"([@a-z0-9./-]+)\"\\s*:\\s*\"[0-9]")
                .matcher(dependencies.substring(0, dependencies.indexOf('}')));
        while (names.find()) {
            if (!Files.isDirectory(WORK.resolve("node_modules").resolve(names.group(1)))) {
                return false;
            }
        }
        return true;
    }

    /** A running node script whose stdout lines can be awaited. */
    static final class Script implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();

        Script(String script, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command)
                    .directory(install().toFile())
                    .redirectErrorStream(true)
                    .start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (all) {
                            all.add(line);
                        }
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("READ-FAILED " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** The first line starting with {@code prefix}, waiting up to 60 s; fails with all output otherwise. */
        String await(String prefix) throws InterruptedException {
            return awaitLine(line -> line.startsWith(prefix), "starting with " + prefix)
                    .substring(prefix.length())
                    .trim();
        }

        /** The first line that matches, waiting up to 90 s; fails with all output otherwise. */
        String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line != null && wanted.test(line)) {
                    return line;
                }
            }
            synchronized (all) {
                throw new AssertionError("node printed no line " + what + "; output: " + all);
            }
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("node did not exit");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
