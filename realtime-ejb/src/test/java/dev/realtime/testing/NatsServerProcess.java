package dev.realtime.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.awaitility.Awaitility;

/**
 * A {@code nats-server} of the test's own on another port, with JetStream and a store directory
 * under {@code target/}, which the test may kill and start again (the shared server on 4222 must
 * never be touched). Its output goes to {@code target/nats-<port>/server.log}.
 */
public final class NatsServerProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    public NatsServerProcess(int port) throws IOException {
        this.port = port;
        this.dir = Files.createDirectories(Path.of("target", "nats-" + port).toAbsolutePath());
    }

    /** Starts the server and waits until it accepts connections; skips or fails if there is no binary. */
    public NatsServerProcess start() throws IOException {
        String binary = binary();
        if (Services.listening(port)) {
            throw new IllegalStateException("Port " + port + " is taken: stop what listens there");
        }
        process = new ProcessBuilder(
                        binary,
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "-js",
                        "-sd",
                        dir.resolve("store").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("server.log").toFile()))
                .start();
        Awaitility.await("nats-server on " + port)
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
        return "nats://127.0.0.1:" + port;
    }

    /** Deletes the store (call after {@link #close}), so the next run starts empty. */
    public void deleteStore() throws IOException {
        Path store = dir.resolve("store");
        if (Files.exists(store)) {
            try (var paths = Files.walk(store)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Deletes the named streams on the server at {@code url}; missing ones are ignored. */
    public static void deleteStreams(String url, Collection<String> streams) throws Exception {
        if (streams.isEmpty()) {
            return;
        }
        Options options = new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(2))
                .build();
        try (Connection connection = Nats.connect(options)) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (String stream : streams) {
                try {
                    jsm.deleteStream(stream);
                } catch (JetStreamApiException e) {
                    // never created (a test that failed early) or already gone
                }
            }
        }
    }

    private static String binary() {
        for (String candidate :
                new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        Services.unavailable("nats-server is not installed (apt install nats-server): the reconnect test starts"
                + " and kills its own NATS server");
        throw new IllegalStateException("unreachable");
    }
}
