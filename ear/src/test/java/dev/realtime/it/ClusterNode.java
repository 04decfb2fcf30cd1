package dev.realtime.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * One node of a real cluster: a WildFly of its own (the provisioned installation with a base
 * directory under {@code target/cluster/<name>} and a port offset), the built EAR deployed, the
 * given {@code realtime.*} properties set. Stopped through its admin CLI, or killed.
 */
final class ClusterNode implements AutoCloseable {
    final String name;
    final int offset;
    final Server server;
    private final Process process;

    private ClusterNode(String name, int offset, Process process) {
        this.name = name;
        this.offset = offset;
        this.process = process;
        this.server = new Server(URI.create("http://127.0.0.1:" + (8080 + offset) + "/"));
    }

    /** Starts the node and waits until the EAR answers {@code /realtime/health} with 200. */
    static ClusterNode start(String name, int offset, Map<String, String> properties) throws Exception {
        return start(name, offset, properties, Path.of(System.getProperty("realtime.ear")));
    }

    /** WildFly's full profile, the configuration the module is documented and tested on. */
    static final String FULL = "standalone-full.xml";
    /** The slim configuration server-config builds ({@code server-config/wildfly/slim.cli}). */
    static final String SLIM = "standalone-realtime.xml";

    /** {@link #start(String, int, Map)} with another EAR (the built one plus test classes). */
    static ClusterNode start(String name, int offset, Map<String, String> properties, Path ear) throws Exception {
        return start(name, offset, properties, ear, FULL);
    }

    /** {@link #start(String, int, Map, Path)} with the server configuration {@code config} ({@link #FULL}, {@link #SLIM}). */
    static ClusterNode start(String name, int offset, Map<String, String> properties, Path ear, String config)
            throws Exception {
        Path home = Path.of(System.getProperty("realtime.jboss-home"));
        Path base = Path.of("target", "cluster", name).toAbsolutePath();
        deleteTree(base);
        copyTree(home.resolve("standalone"), base);
        Files.copy(ear, base.resolve("deployments").resolve("realtime.ear"), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin").resolve("standalone.sh").toString(),
                "-c",
                config,
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.node.name=" + name,
                "-Drealtime.node.id=" + name,
                "-Drealtime.demo.enabled=true",
                "-Drealtime.app.key=" + RealtimeDeployment.APP_KEY,
                "-Drealtime.app.secret=test-secret",
                // the tests connect from 127.0.0.1 only: lifted unless the test sets them (later -D wins)
                "-Drealtime.admission.connections-per-address=100000",
                "-Drealtime.admission.connections-per-node=100000",
                "-Drealtime.admission.handshake-rate=100000",
                "-Drealtime.admission.handshake-burst=100000"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true");
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        ClusterNode node = new ClusterNode(name, offset, builder.start());
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await(name + " deployed (log: " + base.resolve("console.log") + ")")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!node.process.isAlive()) {
                        throw new IllegalStateException(name + " exited; see " + base.resolve("console.log"));
                    }
                    return http.send(
                                            HttpRequest.newBuilder(node.server.base.resolve("realtime/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200;
                });
        return node;
    }

    /** Runs {@code server-config/wildfly/consumer.sh} against this node; its exit code. */
    int consumer(String... args) throws IOException, InterruptedException {
        return consumerCli(
                "localhost:" + (9990 + offset), Path.of("target", "cluster", name + "-consumer-cli.log"), args);
    }

    /** Runs {@code consumer.sh} against the server whose admin port is {@code controller}; its exit code. */
    static int consumerCli(String controller, Path log, String... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("realtime.server-config"), "wildfly", "consumer.sh");
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JBOSS_HOME", System.getProperty("realtime.jboss-home"));
        builder.environment().put("CONTROLLER", controller);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process cli = builder.start();
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError(
                    "consumer.sh " + String.join(" ", args) + " at " + controller + " hung; see " + log);
        }
        return cli.exitValue();
    }

    boolean consumerRunning() {
        return Server.json(server.get("realtime/health").body())
                .getJsonObject("consumer")
                .getBoolean("running");
    }

    URI ws(String path) {
        return server.ws(path);
    }

    /** The live heap of this node's JVM after a full GC, in bytes (through JMX, see {@link HeapProbe}). */
    long liveHeapBytes() throws Exception {
        try (HeapProbe probe = HeapProbe.attach(javaPid())) {
            return probe.liveBytesAfterGc();
        }
    }

    /** The WildFly JVM: the launcher script's descendant that runs {@code java}. */
    long javaPid() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no java process under the launcher"))
                .pid();
    }

    /** Kills the server's JVM with SIGKILL ({@code kill -9}): no shutdown, no goodbye, and waits for it. */
    void kill() throws InterruptedException {
        ProcessHandle java = ProcessHandle.of(javaPid()).orElseThrow();
        java.destroyForcibly();
        java.onExit().join();
        process.destroyForcibly().waitFor();
    }

    /** Stops the server (SIGTERM to the launcher, which stops WildFly) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    /** Copies a server's base directory, without its data, logs, temporary files and deployments. */
    private static void copyTree(Path from, Path to) throws IOException {
        List<String> skipped = List.of("data", "log", "tmp", "deployments");
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path relative = from.relativize(p);
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (relative.getNameCount() < 2
                        || !skipped.contains(relative.getName(0).toString())) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
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
