package dev.realtime.broker;

import java.util.concurrent.ThreadFactory;

/**
 * Plain daemon threads, for a manager that runs outside a container (tests, the standalone
 * consumer). Inside the server the container's {@code ManagedThreadFactory} is used instead.
 */
public final class DaemonThreads implements ThreadFactory {
    public static final DaemonThreads INSTANCE = new DaemonThreads();

    private DaemonThreads() {}

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }
}
