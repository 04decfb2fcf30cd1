package dev.realtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;

/**
 * A real single-node Kafka broker in KRaft mode, started from the jars the server-config module
 * copies from Maven Central ({@code server-config/target/kafka/libs}). One per test JVM, on port
 * {@value #PORT}, stopped when the JVM exits; its data lives under
 * {@code server-config/target/kafka/test-node}.
 */
public final class KafkaServerProcess {
    public static final int PORT = 19092;
    private static final int CONTROLLER_PORT = 19093;
    private static KafkaServerProcess instance;

    private final Process process;

    private KafkaServerProcess(Process process) {
        this.process = process;
    }

    public static String bootstrap() {
        return "127.0.0.1:" + PORT;
    }

    /** The shared broker, started on first use (about ten seconds). */
    public static synchronized KafkaServerProcess start() throws Exception {
        if (instance != null && instance.process.isAlive()) {
            return instance;
        }
        Path kafka = serverConfig().resolve(Path.of("target", "kafka"));
        Path libs = kafka.resolve("libs");
        if (!Files.isDirectory(libs)) {
            Services.unavailable("The Kafka jars are missing at " + libs
                    + ": build the server-config module first (mvn -pl server-config package)");
        }
        if (Services.listening(PORT)) {
            throw new IllegalStateException("Port " + PORT + " is taken: stop what listens there");
        }
        Path dir = kafka.resolve("test-node");
        deleteTree(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + CONTROLLER_PORT,
                        "listeners=PLAINTEXT://127.0.0.1:" + PORT + ",CONTROLLER://127.0.0.1:" + CONTROLLER_PORT,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + PORT,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + data,
                        "num.partitions=1",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=5",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = libs + "/*";
        Process format = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        UUID.randomUUID().toString(),
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed; see " + dir.resolve("format.log"));
        }
        Process server = new ProcessBuilder(
                        java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        instance = new KafkaServerProcess(server);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            Awaitility.await("Kafka broker on " + PORT + " (log: " + dir.resolve("server.log") + ")")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new AssertionError("Kafka exited; see " + dir.resolve("server.log"));
                        }
                        return admin.describeCluster()
                                        .nodes()
                                        .get(2, TimeUnit.SECONDS)
                                        .size()
                                == 1;
                    });
        }
        return instance;
    }

    /** The server-config module's folder, found from the working directory (a module or the root). */
    private static Path serverConfig() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("server-config");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("..", "server-config").toAbsolutePath().normalize();
    }

    /** Topic names on the broker. */
    public static List<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
