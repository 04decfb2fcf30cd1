package dev.realtime.api;

import java.util.List;
import java.util.Objects;

/**
 * One validated event of a publish request, ready for {@code RealtimeManager.broadcast}.
 *
 * @param name the event name, already valid
 * @param channels one or more valid channel names or users' {@code #server-to-user-<id>}, without
 *     duplicates, in request order
 * @param payload a {@link dev.realtime.message.RawJson} when the request's {@code data} is JSON text,
 *     else the {@code data} string itself (delivered as a JSON string); within the payload limit
 * @param socketId the publisher's socket id to exclude ({@code socket_id}), or {@code null}
 */
public record ApiEvent(String name, List<String> channels, Object payload, String socketId) {
    public ApiEvent {
        Objects.requireNonNull(name, "name");
        channels = List.copyOf(channels);
        Objects.requireNonNull(payload, "payload");
    }
}
