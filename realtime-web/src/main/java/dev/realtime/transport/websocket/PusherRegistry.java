package dev.realtime.transport.websocket;

import dev.realtime.connection.Disconnect;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.Drain;
import dev.realtime.web.auth.ChannelAccess;
import dev.realtime.web.drain.Departures;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open Pusher connections of this node and the one periodic sweep that keeps them honest:
 * a client silent for {@code activity_timeout} gets a {@code pusher:ping}, one that stays silent
 * for the pong timeout after it is closed with 4201. One task for all connections, not a timer
 * each. When the node drains, every connection is closed with 4200 (reconnect).
 */
@ApplicationScoped
public class PusherRegistry {
    private static final Logger LOG = Logger.getLogger(PusherRegistry.class.getName());
    private static final String DRAIN_STEP = "websocket";

    @Inject
    RealtimeNode node;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ChannelAccess access;

    private PusherChannels channels;
    private ClientEvents clientEvents;

    private final Set<PusherConnection> open = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> sweep;

    @PostConstruct
    void start() {
        channels = new PusherChannels(node, access);
        clientEvents = new ClientEvents(node);
        long period = Math.max(1, node.settings().activityTimeout().toSeconds() / 4);
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
        node.drain().add(Drain.Stage.CLIENTS, DRAIN_STEP, this::drain);
    }

    /**
     * The drain: every connection is closed with 4200, on which pusher-js and the other Pusher
     * clients reconnect at once (through the load balancer, to another node); then waits for the
     * closes to complete, within the budget.
     */
    private void drain(Duration budget) throws InterruptedException {
        for (PusherConnection c : open) {
            c.disconnect(Disconnect.SHUTDOWN, "Server shutting down; reconnect");
        }
        Departures.await(open::size, budget); // @OnClose removes each once its close is done
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        for (PusherConnection c : open) {
            c.disconnect(Disconnect.SHUTDOWN, "Server shutting down");
        }
    }

    PusherChannels channels() {
        return channels;
    }

    ClientEvents clientEvents() {
        return clientEvents;
    }

    void add(PusherConnection connection) {
        open.add(connection);
    }

    void remove(PusherConnection connection) {
        open.remove(connection);
    }

    private void sweep() {
        long now = System.nanoTime();
        long activity = node.settings().activityTimeout().toNanos();
        long pong = node.settings().pongTimeout().toNanos();
        for (PusherConnection c : open) {
            try {
                if (!c.isOpen()) {
                    open.remove(c);
                    c.closed();
                } else {
                    c.checkActivity(now, activity, pong);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Activity check of WebSocket " + c.id() + " failed", e);
            }
        }
    }
}
