package dev.realtime.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a server the tests need is there. On a CI machine ({@code CI=true}) a missing server fails
 * the test; on a developer's machine the test is skipped with a message that says what to start.
 */
public final class Services {
    private Services() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails (CI) or skips (elsewhere) unless something listens on 127.0.0.1:{@code port}. */
    public static void require(String what, int port, String howToStart) {
        if (!listening(port)) {
            unavailable(what + " is not listening on 127.0.0.1:" + port + ". " + howToStart);
        }
    }

    /** Fails (CI) or skips (elsewhere) with {@code message}. */
    public static void unavailable(String message) {
        if (inCi()) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
