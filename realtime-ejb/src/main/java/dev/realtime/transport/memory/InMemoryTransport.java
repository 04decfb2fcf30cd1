package dev.realtime.transport.memory;

import dev.realtime.node.RealtimeNode;

/**
 * The in-memory transport: clients that live inside this JVM and receive exactly what a
 * WebSocket client would. For tests, and for code that runs without a web tier.
 */
public final class InMemoryTransport {
    public static final String NAME = "memory";

    private final RealtimeNode node;

    public InMemoryTransport(RealtimeNode node) {
        this.node = node;
    }

    /** Opens an anonymous client. Close it when done. */
    public MemoryClient connect() {
        return connect(null);
    }

    /** Opens a client for {@code userId} (may be {@code null}). Close it when done. */
    public MemoryClient connect(String userId) {
        return new MemoryClient(
                node, node.nextSocketId(), userId, node.settings().outboundQueueLimit());
    }
}
