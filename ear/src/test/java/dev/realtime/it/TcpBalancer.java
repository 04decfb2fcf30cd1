package dev.realtime.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The smallest load balancer that shows a rolling deploy: listens on 127.0.0.1 (an ephemeral port)
 * and forwards each accepted connection, byte for byte, to the first backend that accepts a TCP
 * connection, trying them in order; no health checks. So while a node's listener is open it gets
 * every connection, and once it is closed the next node does. A fixed pool of threads (two per
 * connection and one that accepts); {@link #close()} closes the listener and every connection.
 */
final class TcpBalancer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final List<InetSocketAddress> backends;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newFixedThreadPool(65);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Integer, Integer> forwarded = new ConcurrentHashMap<>();

    TcpBalancer(List<InetSocketAddress> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections forwarded to the backend on {@code port} so far. */
    int forwardedTo(int port) {
        return forwarded.getOrDefault(port, 0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket backend = connect();
            if (backend == null) {
                quietly(client);
                continue;
            }
            sockets.add(client);
            sockets.add(backend);
            forwarded.merge(backend.getPort(), 1, Integer::sum);
            threads.execute(() -> pipe(client, backend));
            threads.execute(() -> pipe(backend, client));
        }
    }

    private Socket connect() {
        for (InetSocketAddress address : backends) {
            Socket socket = new Socket();
            try {
                socket.connect(address, CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                quietly(socket);
            }
        }
        return null;
    }

    /** Copies until either side ends, then closes both. */
    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void quietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        sockets.forEach(this::quietly);
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
