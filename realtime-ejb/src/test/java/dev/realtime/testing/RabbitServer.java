package dev.realtime.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shared RabbitMQ server at 127.0.0.1:5672 (guest/guest), and its {@code rabbitmqctl} for the
 * tests that cut connections from the server side. Tests isolate themselves by name (exchange,
 * queues, a vhost of their own) and delete what they created.
 */
public final class RabbitServer {
    public static final int PORT = 5672;
    public static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    private static final String CTL = "/usr/sbin/rabbitmqctl";
    private static final Path LOG = Path.of("target", "rabbitmqctl.log");

    private RabbitServer() {}

    /** Skips or fails (CI) when RabbitMQ does not listen on 5672. */
    public static void require() {
        Services.require(
                "RabbitMQ",
                PORT,
                "Start it with: apt install rabbitmq-server && service rabbitmq-server start (guest/guest).");
    }

    /** Skips or fails (CI) unless {@code rabbitmqctl} works (it needs root or the Erlang cookie). */
    public static void requireCtl() throws IOException, InterruptedException {
        require();
        if (!new File(CTL).canExecute()) {
            Services.unavailable(CTL + " is not installed: the outage test cuts connections with it");
        }
        try {
            ctl("-q", "list_vhosts");
        } catch (IllegalStateException e) {
            Services.unavailable(CTL + " does not work here (run the test as root or with the server's Erlang"
                    + " cookie): " + e.getMessage());
        }
    }

    /**
     * Runs {@code rabbitmqctl} (60 s at most) and returns its output lines; its output is also kept
     * in {@code target/rabbitmqctl.log}.
     *
     * @throws IllegalStateException when it fails
     */
    public static List<String> ctl(String... args) throws IOException, InterruptedException {
        Files.createDirectories(LOG.getParent());
        Path out = Files.createTempFile(LOG.getParent(), "rabbitmqctl", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(CTL));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " timed out");
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            Files.writeString(
                    LOG,
                    "$ rabbitmqctl " + String.join(" ", args) + " (exit " + process.exitValue() + ")\n"
                            + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "rabbitmqctl " + String.join(" ", args) + " failed: " + String.join(" / ", lines));
            }
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Deletes queues and exchanges on the default vhost (missing ones are fine). */
    public static void delete(Collection<String> queues, Collection<String> exchanges) throws Exception {
        if (!Services.listening(PORT)) {
            return;
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI);
        try (Connection connection = factory.newConnection("realtime test cleanup");
                Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            for (String exchange : exchanges) {
                channel.exchangeDelete(exchange);
            }
        }
    }
}
