package dev.realtime.consumer.standalone;

import java.net.URI;
import java.util.Properties;

/**
 * The command line of the standalone consumer. Job parameters map one to one; {@code --node} is the
 * base URL of this machine's server, which receives the batches.
 */
record StandaloneOptions(Properties jobParameters, URI node, boolean help) {
    static final String USAGE = String.join(
            "\n",
            "usage: java [-Drealtime.<key>=<value> ...] -jar realtime-batch-consumer.jar [options]",
            "  --broker=<name>          the broker to read (default: realtime.broker)",
            "  --channels=<globs>       channels to deliver, e.g. user.*,public.* (default: all)",
            "  --batch-size=<n>         most messages per poll (default: realtime.consumer.batch-size)",
            "  --poll-timeout-ms=<ms>   how long one poll waits (default 1000)",
            "  --max-messages=<n>       stop after n messages (default: no limit)",
            "  --stop-when-empty        stop at the first empty poll (a one-shot catch-up)",
            "  --node=<url>             this machine's server (default http://127.0.0.1:8080)",
            "Configuration (broker, app id/key/secret, node id) comes from -Drealtime.* system",
            "properties or REALTIME_* environment variables, as on the server. SIGTERM stops after",
            "the current batch was delivered and committed.");

    /** @throws IllegalArgumentException for an unknown or malformed option */
    static StandaloneOptions parse(String[] args) {
        Properties parameters = new Properties();
        URI node = URI.create("http://127.0.0.1:8080/");
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new StandaloneOptions(parameters, node, true);
            }
            if (arg.equals("--stop-when-empty")) {
                parameters.setProperty("stopWhenEmpty", "true");
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "broker" -> parameters.setProperty("broker", value);
                case "channels" -> parameters.setProperty("channels", value);
                case "batch-size" -> parameters.setProperty("batchSize", value);
                case "poll-timeout-ms" -> parameters.setProperty("pollTimeoutMs", value);
                case "max-messages" -> parameters.setProperty("maxMessages", value);
                case "stop-when-empty" -> parameters.setProperty("stopWhenEmpty", value);
                case "node" -> node = URI.create(value.endsWith("/") ? value : value + "/");
                default -> throw new IllegalArgumentException("Unknown option --" + name);
            }
        }
        return new StandaloneOptions(parameters, node, false);
    }
}
