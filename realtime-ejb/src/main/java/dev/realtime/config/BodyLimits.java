package dev.realtime.config;

/**
 * The largest request bodies the HTTP endpoints read from clients that are not yet authenticated
 * ({@code realtime.limits.*-body-bytes}). A body declared larger is refused with 413 before it is
 * read; one of unknown length is read up to the limit and refused once it passes it.
 *
 * @param apiBytes the Pusher HTTP API's {@code events} and {@code batch_events} bodies; the default
 *     fits Pusher's own limits (10 events of 10 KB, 100 channels per event)
 * @param authBytes the channel-auth and user-auth form bodies
 */
public record BodyLimits(int apiBytes, int authBytes) {

    static BodyLimits from(SettingReader r) {
        return new BodyLimits(r.positive(Setting.API_BODY_LIMIT), r.positive(Setting.AUTH_BODY_LIMIT));
    }
}
