package dev.realtime.transport.io;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WildFly's native write path: the frame's shared UTF-8 bytes go straight to the session's
 * Undertow {@link WebSocketChannel} with {@link WebSockets#sendText(ByteBuffer, WebSocketChannel,
 * WebSocketCallback, Object, long)}, so a broadcast is encoded once for all recipients instead of
 * once per recipient by {@code sendText(String)}. Each write wraps the shared array in a new
 * {@link ByteBuffer} view, which is also the write's context: Undertow may report a write's
 * completion twice (its own JSR-356 adapter guards against that), so only the first report of the
 * write in flight is passed on. Sends with the session's async send timeout, as the JSR-356 layer
 * does. A send from outside the connection's I/O thread goes through the thread's
 * {@link IoThreadBatch}, so that a fan-out wakes each I/O thread once instead of once per recipient.
 *
 * <p>This is the only class that refers to Undertow: {@link WritePaths} loads it only after it
 * found Undertow's classes, so Payara never does.
 */
final class UndertowFrameSender implements FrameSender, WebSocketCallback<ByteBuffer> {
    private static final Logger LOG = Logger.getLogger(UndertowFrameSender.class.getName());

    private final WebSocketChannel channel;
    private final long timeoutMillis;
    private final Completion completion;
    private final IoThreadBatch batch;
    private final AtomicReference<ByteBuffer> inFlight = new AtomicReference<>();
    private volatile TextFrame pending; // handed to the I/O thread; one at a time (one write in flight)

    private UndertowFrameSender(WebSocketChannel channel, long timeoutMillis, Completion completion) {
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
        this.completion = completion;
        this.batch = IoThreadBatch.of(channel.getIoThread());
    }

    /** The native sender for an Undertow session, or {@code null} for any other session. */
    static FrameSender of(Session session, Completion completion) {
        if (!(session instanceof UndertowSession undertow)) {
            return null;
        }
        return new UndertowFrameSender(
                undertow.getWebSocketChannel(), session.getAsyncRemote().getSendTimeout(), completion);
    }

    @Override
    public void send(TextFrame frame) {
        if (batch.inIoThread()) {
            write(frame);
        } else {
            pending = frame;
            batch.add(this);
        }
    }

    /**
     * On the I/O thread: writes the frame {@link #send} handed over. Never throws: a write that
     * fails to start completes with its failure (the connection then closes), and a failure in
     * what the completion started is logged, so one connection cannot stop the batch of others.
     */
    void writePending() {
        TextFrame frame = pending;
        pending = null;
        ByteBuffer started = null;
        try {
            started = frame.buffer();
            write(started);
        } catch (RuntimeException | Error e) {
            if (started == null || !inFlight.compareAndSet(started, null)) {
                LOG.log(Level.WARNING, "A WebSocket write's completion failed", e);
                return;
            }
            completion.completed(e);
        }
    }

    private void write(TextFrame frame) {
        write(frame.buffer());
    }

    private void write(ByteBuffer view) {
        inFlight.set(view);
        WebSockets.sendText(view, channel, this, view, timeoutMillis);
    }

    @Override
    public void complete(WebSocketChannel channel, ByteBuffer write) {
        if (inFlight.compareAndSet(write, null)) {
            completion.completed(null);
        }
    }

    @Override
    public void onError(WebSocketChannel channel, ByteBuffer write, Throwable failure) {
        if (inFlight.compareAndSet(write, null)) {
            completion.completed(failure);
        }
    }
}
