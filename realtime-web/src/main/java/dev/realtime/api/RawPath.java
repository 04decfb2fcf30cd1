package dev.realtime.api;

import dev.realtime.RealtimeException;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A name taken from the request's raw path, percent-decoded. Not {@code @PathParam}: JAX-RS would
 * cut a name at {@code ;} (a matrix parameter), which Pusher allows in channel names and user ids.
 */
final class RawPath {
    private RawPath() {}

    /**
     * Segment {@code index} (0-based, {@code apps/{appId}/…}) of the path, decoded.
     *
     * @throws RealtimeException {@code code} when it is not validly percent-encoded
     */
    static String segment(UriInfo uri, int index, String code, String what) {
        String path = uri.getPath(false);
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/");
        try {
            return URLDecoder.decode(segments[index].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RealtimeException(code, "The " + what + " is not validly percent-encoded");
        }
    }
}
