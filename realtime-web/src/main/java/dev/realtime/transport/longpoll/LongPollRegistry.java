package dev.realtime.transport.longpoll;

import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The long-polling clients of this node by id, and one sweep that forgets clients that have not
 * polled for {@code realtime.longpoll.client-expiry}. When the node drains, every pending poll is
 * answered and every client forgotten.
 */
@ApplicationScoped
public class LongPollRegistry {
    private static final Logger LOG = Logger.getLogger(LongPollRegistry.class.getName());

    @Inject
    RealtimeNode node;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentHashMap<String, LongPollConnection> clients = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweep;

    @PostConstruct
    void start() {
        long period = Math.max(1, node.settings().longPollExpiry().toSeconds() / 3);
        sweep = scheduler.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.SECONDS);
        node.drain().add(Drain.Stage.CLIENTS, "longpolling", budget -> drain());
    }

    /**
     * The drain: every client is forgotten and its pending poll answered at once, so it polls again
     * (through the load balancer; a draining node refuses it with 503 and {@code Retry-After}).
     */
    private void drain() {
        clients.values().removeIf(c -> {
            c.disconnect(Disconnect.SHUTDOWN, "Server shutting down");
            return true;
        });
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        clients.values().forEach(c -> c.disconnect(Disconnect.SHUTDOWN, "Server shutting down"));
    }

    /** A new client of {@code userId} (or anonymous), registered with the node and this registry. */
    LongPollConnection open(String userId) {
        LongPollConnection client = new LongPollConnection(node, userId);
        clients.put(client.id(), client);
        return client;
    }

    LongPollConnection find(String id) {
        return id == null ? null : clients.get(id);
    }

    boolean remove(String id) {
        LongPollConnection client = clients.remove(id);
        if (client != null) {
            client.disconnect(Disconnect.CLIENT, "Closed by the client");
        }
        return client != null;
    }

    private void expire() {
        try {
            long now = System.nanoTime();
            long expiry = node.settings().longPollExpiry().toNanos();
            clients.values().removeIf(c -> {
                if (c.expired(now, expiry)) {
                    c.disconnect(Disconnect.TIMEOUT, "No poll within the client expiry");
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Long-poll expiry sweep failed", e);
        }
    }
}
