package dev.realtime.web;

import dev.realtime.channel.ChannelNames;
import dev.realtime.connection.ConnectionRegistry.Registration;
import dev.realtime.message.Echo;
import dev.realtime.node.RealtimeNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a client event (a {@code client-…} whisper) may go, for every transport that carries them:
 * only on private and presence channels that match {@code realtime.client-events.channels} and that
 * the sending connection has joined, at most {@code realtime.client-events.rate} per second per
 * connection. Immutable and thread-safe; each connection keeps its own {@link Budget}.
 */
public final class ClientEventRules {
    private final RealtimeNode node;
    private final List<Pattern> allowed;
    private final int perSecond;

    public ClientEventRules(RealtimeNode node) {
        this.node = node;
        this.allowed = node.settings().clientEventChannels().stream()
                .map(ChannelNames::glob)
                .toList();
        this.perSecond = node.settings().clientEventRate();
    }

    /** Events per second one connection may send. */
    public int perSecond() {
        return perSecond;
    }

    /**
     * Why {@code event} may not be sent on {@code channel} by that connection, or {@code null} when it
     * may (the rate is checked separately with the connection's {@link Budget}). The reason quotes at
     * most {@code realtime.limits.echo-bytes} of the event and channel names.
     */
    public String refusal(Registration registration, String channel, String event) {
        if (event == null || !event.startsWith("client-")) {
            return "Client event names start with client-";
        }
        if (channel == null || !registration.isSubscribed(channel)) {
            return "Client event " + echo(event) + " on a channel this connection has not joined";
        }
        if (!node.names().typeOf(channel).requiresAuthorization() || !allowedOn(channel)) {
            return "Client events are not allowed on " + echo(channel)
                    + " (only private and presence channels in realtime.client-events.channels)";
        }
        return null;
    }

    private String echo(String input) {
        return Echo.truncate(input, node.settings().echoBytes());
    }

    private boolean allowedOn(String channel) {
        for (Pattern p : allowed) {
            if (p.matcher(channel).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * One connection's client-event budget: a fixed one-second window. Not thread-safe: used from
     * the connection's message thread only.
     */
    public static final class Budget {
        private long window;
        private int used;

        /** Counts one event; false when it is over {@code perSecond} in the current window. */
        public boolean take(int perSecond, long nowNanos) {
            if (nowNanos - window >= 1_000_000_000L) {
                window = nowNanos;
                used = 0;
            }
            return ++used <= perSecond;
        }
    }
}
