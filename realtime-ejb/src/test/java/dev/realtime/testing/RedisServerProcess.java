package dev.realtime.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A {@code redis-server} of the test's own on another port, which the test may kill and start
 * again (the shared server on 6379 must never be touched). Persistence is off.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    public RedisServerProcess(int port) throws IOException {
        this.port = port;
        this.dir = Files.createDirectories(Path.of("target", "redis-" + port));
    }

    /** Starts the server and waits until it accepts connections; skips or fails if there is no binary. */
    public RedisServerProcess start() throws IOException {
        String binary = binary();
        if (Services.listening(port)) {
            throw new IllegalStateException("Port " + port + " is taken: stop what listens there");
        }
        process = new ProcessBuilder(
                        binary,
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Awaitility.await("redis-server on " + port)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Services.listening(port));
        return this;
    }

    /** Kills the server at once (SIGKILL): clients see their connections drop. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static String binary() {
        for (String candidate : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        Services.unavailable("redis-server is not installed (apt install redis-server): the reconnect test starts"
                + " and kills its own Redis");
        throw new IllegalStateException("unreachable");
    }
}
