package dev.realtime.consumer;

import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer job's part of the drain ({@link Drain.Stage#CONSUMERS}): stops the running executions
 * of the consumer job in this server (on WildFly the batch subsystem has done so already when the
 * server suspended, and its runtime may be stopped by now) and waits, within
 * the drain's budget, until the consumer has stopped: its current chunk delivered and committed to
 * the broker, before the broker is closed. Blocks the drain's thread only.
 */
@Singleton
@Startup
public class ConsumerDrain {
    private static final Logger LOG = Logger.getLogger(ConsumerDrain.class.getName());
    private static final long POLL_MILLIS = 50;

    @Inject
    RealtimeNode node;

    @PostConstruct
    void register() {
        node.drain().add(Drain.Stage.CONSUMERS, "consumer job", this::stop);
    }

    private void stop(Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ConsumerDrain.class.getClassLoader()); // this module's jobs
        try {
            JobOperator operator = BatchRuntime.getJobOperator();
            for (long execution : operator.getRunningExecutions(ConsumerJobs.JOB_NAME)) {
                try {
                    operator.stop(execution);
                } catch (JobExecutionNotRunningException e) {
                    // stopped meanwhile
                }
            }
        } catch (NoSuchJobException e) {
            // never started here
        } catch (RuntimeException e) {
            // WildFly's batch service stops the jobs itself when the server suspends, and is gone by now
            LOG.log(Level.FINE, "The batch runtime is stopped already", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        while (node.consumerActivity().snapshot().running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        int left = node.consumerActivity().snapshot().running();
        if (left > 0) {
            LOG.warning(() -> "Drain: " + left + " consumer(s) still running after the drain's budget");
        } else {
            LOG.info("Drain: the consumer job has stopped");
        }
    }
}
