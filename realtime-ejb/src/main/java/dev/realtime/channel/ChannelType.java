package dev.realtime.channel;

/** The Pusher channel kinds. Private and presence channels need authorization to subscribe. */
public enum ChannelType {
    PUBLIC,
    PRIVATE,
    PRESENCE;

    public boolean requiresAuthorization() {
        return this != PUBLIC;
    }
}
