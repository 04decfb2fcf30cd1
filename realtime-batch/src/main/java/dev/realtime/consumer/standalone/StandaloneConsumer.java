package dev.realtime.consumer.standalone;

import dev.realtime.broker.Broker;
import dev.realtime.broker.Brokers;
import dev.realtime.broker.ConsumerActivity;
import dev.realtime.broker.DaemonThreads;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.consumer.BrokerBatchReader;
import dev.realtime.consumer.BrokerCommitListener;
import dev.realtime.consumer.ChannelFilterProcessor;
import dev.realtime.consumer.ConsumerJobs;
import dev.realtime.node.ConsumerSide;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jberet.creation.BatchCDIExtension;
import org.jboss.weld.bootstrap.api.helpers.RegistrySingletonProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The consumer job outside the application server: the same job XML, reader, processor and commit
 * listener on JBeret SE and Weld SE, with a writer that hands each batch to this machine's server
 * over its signed, loopback-only {@code local_events} endpoint. For servers whose admin CLI cannot
 * start batch jobs (Payara's asadmin), and for running the consumer as its own process.
 *
 * <p>SIGTERM (Ctrl-C) asks the job to stop: the batch in hand is delivered and committed first,
 * then the process exits with the usual status for SIGTERM (143). Progress is printed every
 * {@value #PROGRESS_SECONDS} seconds. Otherwise the exit code is 0 when the job completed, 1 when
 * it failed, 2 for a bad command line.
 */
public final class StandaloneConsumer {
    private static final int PROGRESS_SECONDS = 5;
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();
    private static final CountDownLatch CLEANED_UP = new CountDownLatch(1);
    /** Held so the level sticks: the Kafka clients log every rebalance and offset at INFO. */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");

    private StandaloneConsumer() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(StandaloneOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            out.println(StandaloneOptions.USAGE);
            return;
        }
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        RealtimeSettings settings = RealtimeSettings.from(configuration());
        // only the consume side: this process never publishes, so it opens no publishing connection
        Broker broker = Brokers.consumeOnly(settings.broker(), settings, DaemonThreads.INSTANCE);
        ConsumerSide consumerSide = new ConsumerSide(settings, broker, new ConsumerActivity());
        StandaloneBeans.consumerSide = consumerSide;
        StandaloneBeans.node = new NodeClient(options.node(), settings);
        WeldContainer weld = new Weld(RegistrySingletonProvider.STATIC_INSTANCE)
                .disableDiscovery()
                .property("org.jboss.weld.se.shutdownHook", false) // our hook stops the job first
                .addExtension(new BatchCDIExtension()) // @BatchProperty, JobContext, StepContext
                .addBeanClasses(
                        BrokerBatchReader.class,
                        ChannelFilterProcessor.class,
                        BrokerCommitListener.class,
                        HttpDeliveryWriter.class,
                        StandaloneBeans.class)
                .initialize();
        int exit = 1;
        try {
            exit = run(options, settings, consumerSide, out);
        } finally {
            try {
                weld.shutdown();
                broker.close();
            } finally {
                CLEANED_UP.countDown();
            }
        }
        if (!SIGNALLED.get()) {
            System.exit(exit); // after SIGTERM the JVM exits by itself (status 143) once the hook returns
        }
    }

    private static int run(
            StandaloneOptions options, RealtimeSettings settings, ConsumerSide consumerSide, PrintStream out)
            throws InterruptedException {
        JobOperator operator = BatchRuntime.getJobOperator();
        long id = operator.start(ConsumerJobs.JOB_NAME, options.jobParameters());
        out.println("realtime consumer: node " + settings.nodeId() + ", broker "
                + consumerSide.brokerName() + ", delivering to " + options.node() + ", job execution " + id + " "
                + options.jobParameters());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            SIGNALLED.set(true);
            if (!terminal(operator.getJobExecution(id))) {
                out.println("realtime consumer: stopping after the current batch");
                operator.stop(id);
            }
            try {
                finished.await(60, TimeUnit.SECONDS);
                CLEANED_UP.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        JobExecution execution = operator.getJobExecution(id);
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS);
        while (!terminal(execution)) {
            Thread.sleep(200);
            execution = operator.getJobExecution(id);
            if (System.nanoTime() >= nextReport) {
                progress(out, consumerSide.activity().snapshot(), execution.getBatchStatus());
                nextReport += TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS);
            }
        }
        progress(out, consumerSide.activity().snapshot(), execution.getBatchStatus());
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is waiting for us
        }
        BatchStatus status = execution.getBatchStatus();
        out.println("realtime consumer: " + status
                + (execution.getExitStatus() != null ? " (" + execution.getExitStatus() + ")" : ""));
        return status == BatchStatus.COMPLETED || status == BatchStatus.STOPPED ? 0 : 1;
    }

    private static boolean terminal(JobExecution execution) {
        BatchStatus s = execution.getBatchStatus();
        return s == BatchStatus.COMPLETED
                || s == BatchStatus.STOPPED
                || s == BatchStatus.FAILED
                || s == BatchStatus.ABANDONED;
    }

    private static void progress(PrintStream out, ConsumerActivity.Snapshot s, BatchStatus status) {
        out.println("realtime consumer: " + status + ", polled " + s.polled() + ", delivered " + s.delivered()
                + ", lag " + (s.lag() < 0 ? "unknown" : s.lag()));
    }

    /**
     * The {@code realtime.*} configuration: system properties, else environment variables named the
     * MicroProfile way ({@code REALTIME_APP_SECRET}); other {@code realtime.*} system properties
     * pass through too (Kafka client settings).
     */
    static Map<String, String> configuration() {
        Map<String, String> values = new HashMap<>();
        for (Setting s : Setting.values()) {
            String value = System.getProperty(s.key());
            if (value == null) {
                value = System.getenv(s.key().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            }
            if (value != null) {
                values.put(s.key(), value);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("realtime.")) {
                values.putIfAbsent(name, System.getProperty(name));
            }
        }
        return values;
    }
}
