package dev.realtime.broker.postgres;

/**
 * The notification that stands for a message too large for NOTIFY: {@code @realtime-row:<id>:<channel>},
 * where {@code id} is the row of the payload table that holds the envelope. An envelope is a JSON
 * object, which starts with {@code {}, so a marker (starting with {@code @}) is never mistaken for
 * one, nor one for a marker. The channel lets a consumer skip reading rows of channels it does not
 * deliver.
 *
 * @param id the row's id
 * @param channel the message's channel
 */
record PayloadMarker(long id, String channel) {
    static final String PREFIX = "@realtime-row:";

    /** The notification payload. */
    String text() {
        return PREFIX + id + ":" + channel;
    }

    /** The marker {@code payload} is, or {@code null} when it is anything else (an envelope). */
    static PayloadMarker parse(String payload) {
        if (payload == null || !payload.startsWith(PREFIX)) {
            return null;
        }
        int colon = payload.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return null;
        }
        try {
            return new PayloadMarker(
                    Long.parseLong(payload.substring(PREFIX.length(), colon)), payload.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
