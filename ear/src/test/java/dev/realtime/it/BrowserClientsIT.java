package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pusher-js and laravel-echo (broadcasters pusher and socket.io), unmodified, in headless Chromium
 * against the deployed EAR: public, private allowed and denied, presence with two users, whispers,
 * sign-in.
 * Chromium is Debian's package: the test installs it with apt when it is missing and it runs as
 * root (.ci/run installs it too); otherwise it fails in CI and is skipped elsewhere, saying what to
 * install.
 */
class BrowserClientsIT extends RealtimeIT {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @BeforeAll
    static void chromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM) && "root".equals(System.getProperty("user.name"))) {
            Process apt = new ProcessBuilder(
                            "sh",
                            "-c",
                            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            apt.waitFor(); // the check below reports a failed install
        }
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "Chromium is missing at " + CHROMIUM + ": run 'apt-get install chromium'";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            assumeTrue(false, message);
        }
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "pusher-public",
                "pusher-private-allowed",
                "pusher-private-denied",
                "pusher-signin",
                "echo-presence",
                "echo-whisper",
                "echo-private-denied"
            })
    void scenario(String name) throws Exception {
        run(name);
    }

    /**
     * laravel-echo with {@code broadcaster: 'socket.io'} and socket.io-client's browser bundle
     * (polling first, then the upgrade to WebSocket), against the Socket.IO gateway; the user from
     * the page's cookie, from {@code extraHeaders} on the handshake, or from Echo's
     * {@code auth.headers} (checked by the channel-auth endpoint, as laravel-echo-server does).
     */
    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "sio-public",
                "sio-private-allowed",
                "sio-extra-headers",
                "sio-auth-headers-allowed",
                "sio-auth-headers-denied",
                "sio-auth-headers-presence",
                "sio-private-denied",
                "sio-presence",
                "sio-whisper"
            })
    void socketIoEcho(String name) throws Exception {
        run(name);
    }

    private void run(String name) throws Exception {
        try (NodeClients.Script script = new NodeClients.Script(
                "browser-channels.mjs", server.base.toString(), RealtimeDeployment.APP_KEY, name)) {
            String result = script.awaitLine(l -> l.startsWith("PASS ") || l.startsWith("FAIL "), "PASS/FAIL");
            assertEquals("PASS " + name, result, "the browser scenario failed");
            assertEquals(0, script.exitCode());
        }
    }
}
