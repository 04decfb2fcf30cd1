package dev.realtime.transport.io;

/**
 * Writes one WebSocket connection's text frames asynchronously, one at a time (the caller's
 * {@link dev.realtime.connection.OutboundQueue} keeps a single write in flight). Made by
 * {@link WritePaths} for each session: {@link PortableFrameSender} (JSR-356, every server) or
 * {@link UndertowFrameSender} (WildFly's native writer, no per-recipient encoding).
 */
public interface FrameSender {

    /** Told exactly once per {@link #send}, on any thread, possibly inside {@code send} itself. */
    @FunctionalInterface
    interface Completion {
        /** @param failure {@code null} when the frame was written, else why it was not */
        void completed(Throwable failure);
    }

    /** Starts writing {@code frame}; its completion goes to the session's {@link Completion}. */
    void send(TextFrame frame);
}
