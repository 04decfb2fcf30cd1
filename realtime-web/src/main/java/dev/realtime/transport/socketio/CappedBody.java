package dev.realtime.transport.socketio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap and never further: an answer that declares a
 * longer {@code Content-Length} is not read at all, one that turns out longer is cancelled as soon
 * as it passes the cap; both fail with {@link TooLargeException}. The HTTP client calls it serially
 * (Flow's rules); it never blocks.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer is longer than the cap. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int cap) {
            super("answer over " + cap + " bytes");
        }
    }

    private final int cap;
    private final boolean declaredTooLarge;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(int cap, boolean declaredTooLarge) {
        this.cap = cap;
        this.declaredTooLarge = declaredTooLarge;
    }

    /** Bodies of at most {@code cap} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap) {
        return info -> new CappedBody(
                cap, info.headers().firstValueAsLong("Content-Length").orElse(-1) > cap);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            tooLarge();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return; // cancelled: late items are ignored
        }
        for (ByteBuffer item : items) {
            if (body.size() + (long) item.remaining() > cap) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            body.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(body.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void tooLarge() {
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(cap));
    }
}
