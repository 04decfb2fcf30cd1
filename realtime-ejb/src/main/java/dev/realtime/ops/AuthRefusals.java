package dev.realtime.ops;

import java.util.concurrent.atomic.LongAdder;

/**
 * Refused authentications and authorizations on this node, by kind ({@code
 * realtime_auth_refusals_total{kind}}). Admission refusals (quota, rate, node full) are counted by
 * admission control, not here.
 */
public final class AuthRefusals {

    /** What was refused. */
    public enum Kind {
        /** The application's authorizer (a {@code ChannelAuthorizer}, or Socket.IO's auth endpoint) refused a channel, or a channel needed a user and there was none. */
        DENIED("denied"),
        /** A Pusher-protocol channel subscription or sign-in carried an invalid signature. */
        SIGNATURE("signature"),
        /** A Pusher HTTP API request was not validly signed (bad key, signature, timestamp or body hash). */
        API("api");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final LongAdder[] counts = new LongAdder[Kind.values().length];

    public AuthRefusals() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void refused(Kind kind) {
        counts[kind.ordinal()].increment();
    }

    public long count(Kind kind) {
        return counts[kind.ordinal()].sum();
    }
}
