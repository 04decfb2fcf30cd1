package dev.realtime.transport.longpoll;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.TimeoutHandler;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link AsyncResponse} that records what it is resumed with, and how often. */
final class RecordingAsyncResponse implements AsyncResponse {
    final CompletableFuture<Object> resumed = new CompletableFuture<>();
    final AtomicInteger resumes = new AtomicInteger();

    /** Whether it has been answered. */
    boolean answered() {
        return resumed.isDone();
    }

    /** The response it was resumed with; fails the test when it was not resumed (exactly once). */
    Response response() {
        if (!resumed.isDone()) {
            throw new AssertionError("the request was not answered");
        }
        if (resumes.get() != 1) {
            throw new AssertionError("the request was answered " + resumes.get() + " times");
        }
        Object value = resumed.getNow(null);
        if (!(value instanceof Response response)) {
            throw new AssertionError("resumed with " + value + ", not a Response");
        }
        return response;
    }

    @Override
    public boolean resume(Object response) {
        resumes.incrementAndGet();
        return resumed.complete(response);
    }

    @Override
    public boolean resume(Throwable response) {
        resumes.incrementAndGet();
        return resumed.complete(response);
    }

    @Override
    public boolean cancel() {
        return false;
    }

    @Override
    public boolean cancel(int retryAfter) {
        return false;
    }

    @Override
    public boolean cancel(Date retryAfter) {
        return false;
    }

    @Override
    public boolean isSuspended() {
        return !resumed.isDone();
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        return resumed.isDone();
    }

    @Override
    public boolean setTimeout(long time, TimeUnit unit) {
        return true;
    }

    @Override
    public void setTimeoutHandler(TimeoutHandler handler) {}

    @Override
    public Collection<Class<?>> register(Class<?> callback) {
        return List.of();
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Class<?> callback, Class<?>... callbacks) {
        return Map.of();
    }

    @Override
    public Collection<Class<?>> register(Object callback) {
        return List.of();
    }

    @Override
    public Map<Class<?>, Collection<Class<?>>> register(Object callback, Object... callbacks) {
        return Map.of();
    }
}
