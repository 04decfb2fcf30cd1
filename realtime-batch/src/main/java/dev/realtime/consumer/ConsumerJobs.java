package dev.realtime.consumer;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import java.util.List;

/**
 * Reports on the broker consumer job of this node through the server's batch runtime. It is also
 * the EJB that makes this module a valid EJB module on every server (Payara rejects an EJB module
 * without one).
 */
@Stateless
public class ConsumerJobs {
    /** The consumer job's name (and the name of its job XML). */
    public static final String JOB_NAME = "realtime-consume";

    /** Execution ids of the consumer job that are running on this node; empty when none. */
    public List<Long> runningExecutions() {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            return List.copyOf(operator.getRunningExecutions(JOB_NAME));
        } catch (NoSuchJobException e) {
            return List.of();
        }
    }

    public boolean isRunning() {
        return !runningExecutions().isEmpty();
    }
}
