package dev.realtime.consumer;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import java.lang.reflect.Proxy;
import java.util.Properties;

/**
 * The job and step contexts the batch runtime injects, reduced to what the job's artifacts use:
 * the step's transient user data, the job's batch status and execution id.
 */
final class BatchContexts {
    Object transientUserData;
    BatchStatus status = BatchStatus.STARTED;

    StepContext step() {
        return (StepContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {StepContext.class},
                (proxy, method, args) -> answer(method.getName(), args));
    }

    JobContext job() {
        return (JobContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {JobContext.class},
                (proxy, method, args) -> answer(method.getName(), args));
    }

    private Object answer(String method, Object[] args) {
        switch (method) {
            case "getTransientUserData":
                return transientUserData;
            case "setTransientUserData":
                transientUserData = args[0];
                return null;
            case "getBatchStatus":
                return status;
            case "getExecutionId":
            case "getStepExecutionId":
            case "getInstanceId":
                return 1L;
            case "getProperties":
                return new Properties();
            case "toString":
                return "test context";
            default:
                throw new UnsupportedOperationException(method + " is not used by the job's artifacts");
        }
    }
}
