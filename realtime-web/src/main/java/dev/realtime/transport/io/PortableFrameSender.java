package dev.realtime.transport.io;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;

/**
 * The JSR-356 write path, on every server: {@code RemoteEndpoint.Async.sendText(String,
 * SendHandler)} with the frame's shared String (the container encodes it to UTF-8 per write). The
 * sender is its own {@link SendHandler}, so a write allocates nothing here.
 */
final class PortableFrameSender implements FrameSender, SendHandler {
    private final RemoteEndpoint.Async remote;
    private final Completion completion;

    PortableFrameSender(RemoteEndpoint.Async remote, Completion completion) {
        this.remote = remote;
        this.completion = completion;
    }

    @Override
    public void send(TextFrame frame) {
        remote.sendText(frame.text(), this);
    }

    @Override
    public void onResult(SendResult result) {
        if (result.isOK()) {
            completion.completed(null);
        } else {
            Throwable failure = result.getException();
            completion.completed(failure != null ? failure : new IOException("WebSocket write failed"));
        }
    }
}
