package dev.realtime.api;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.message.Json;
import dev.realtime.message.PayloadEncoder;
import dev.realtime.message.RawJson;
import dev.realtime.node.RealtimeNode;
import dev.realtime.node.UserMessages;
import dev.realtime.web.ErrorResponses;
import dev.realtime.web.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the bodies of {@code POST /apps/{id}/events} and {@code /batch_events} into validated
 * {@link ApiEvent}s, checking everything before anything is published: a request is refused whole
 * or published whole. Stateless and thread-safe.
 *
 * <p>Refusals: {@link jakarta.ws.rs.WebApplicationException} 400 with codes {@code invalid_body}
 * (not a JSON object), {@code invalid_field} (a field missing or of the wrong type), {@code
 * too_many_channels}, {@code too_many_events}, {@code invalid_socket_id}; {@link RealtimeException}
 * {@code invalid_channel} / {@code invalid_event} (400) and {@code payload_too_large} (413).
 */
public final class EventRequests {
    /** Most channels one event may go to, as Pusher documents. */
    public static final int MAX_CHANNELS = 100;
    /** Most events in one batch, as Pusher documents. */
    public static final int MAX_BATCH = 10;

    private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");

    private EventRequests() {}

    /** {@code {name, data, channel | channels, socket_id?}}. */
    public static ApiEvent event(RealtimeNode node, byte[] body) {
        return event(node, object(read(body), "The body"));
    }

    /**
     * {@code {batch: [{name, data, channel, socket_id?}, …]}}, at most {@link #MAX_BATCH}; an item may
     * name {@code channels} instead, as in {@link #event}.
     */
    public static List<ApiEvent> batch(RealtimeNode node, byte[] body) {
        JsonObject request = object(read(body), "The body");
        if (!(request.get("batch") instanceof JsonArray batch)) {
            throw invalid("invalid_field", "batch must be an array of events");
        }
        if (batch.size() > MAX_BATCH) {
            throw invalid("too_many_events", "A batch has " + batch.size() + " events; at most " + MAX_BATCH);
        }
        List<ApiEvent> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            events.add(event(node, object(batch.get(i), "batch[" + i + "]")));
        }
        return List.copyOf(events);
    }

    /** {@code {name, data}}: an event to one user ({@code POST users/{id}/events}); no channel. */
    public static ApiEvent userEvent(RealtimeNode node, String userId, byte[] body) {
        JsonObject event = object(read(body), "The body");
        String name = node.names().requireEvent(string(event, "name", true));
        String data = string(event, "data", true);
        return new ApiEvent(
                name,
                List.of(ChannelNames.userChannel(UserMessages.requireUser(userId))),
                payload(data, node.settings().payloadLimit()),
                null);
    }

    private static ApiEvent event(RealtimeNode node, JsonObject event) {
        String name = node.names().requireEvent(string(event, "name", true));
        List<String> channels = channels(node, event);
        String data = string(event, "data", true);
        String socketId = string(event, "socket_id", false);
        if (socketId != null && !SOCKET_ID.matcher(socketId).matches()) {
            throw invalid("invalid_socket_id", "socket_id must be two integers joined by a dot, like 1234.5678");
        }
        return new ApiEvent(name, channels, payload(data, node.settings().payloadLimit()), socketId);
    }

    private static List<String> channels(RealtimeNode node, JsonObject event) {
        JsonValue one = field(event, "channel");
        JsonValue many = field(event, "channels");
        if ((one == null) == (many == null)) {
            throw invalid("invalid_field", "Give either channel (a string) or channels (an array of strings)");
        }
        if (one != null) {
            return List.of(channel(node, string(event, "channel", true)));
        }
        if (!(many instanceof JsonArray array) || array.isEmpty()) {
            throw invalid("invalid_field", "channels must be a non-empty array of strings");
        }
        if (array.size() > MAX_CHANNELS) {
            throw invalid(
                    "too_many_channels",
                    "An event may go to at most " + MAX_CHANNELS + " channels; this one names " + array.size());
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString s)) {
                throw invalid("invalid_field", "channels must be a non-empty array of strings");
            }
            names.add(channel(node, s.getString()));
        }
        return List.copyOf(names);
    }

    /** A channel name, or a user's {@code #server-to-user-<id>} (the server SDKs' {@code sendToUser}). */
    private static String channel(RealtimeNode node, String name) {
        if (name.startsWith(ChannelNames.USER_CHANNEL_PREFIX)) {
            UserMessages.requireUser(name.substring(ChannelNames.USER_CHANNEL_PREFIX.length()));
            return name;
        }
        return node.names().requireChannel(name);
    }

    /**
     * {@code data} as {@link RawJson} when it is one JSON value, else as the string itself; the JSON
     * that subscribers will receive must fit in {@code limit} bytes of UTF-8.
     */
    static Object payload(String data, int limit) {
        Object payload;
        try {
            PayloadEncoder.requireJson(data);
            payload = new RawJson(data);
        } catch (RealtimeException notJson) {
            payload = data;
        }
        String json = payload instanceof RawJson ? data : Json.quote(data);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > limit) {
            throw new RealtimeException(
                    "payload_too_large",
                    "The event's data is " + size + " bytes as JSON; the limit is " + limit
                            + " (realtime.limits.payload-bytes)");
        }
        return payload;
    }

    private static JsonValue read(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("invalid_body", "Send the event as a JSON object");
        }
        // a parser, not a JsonReader: Parsson's readValue() ignores whatever follows the value
        JsonValue value;
        boolean trailing;
        try (JsonParser parser = JsonP.parser(body)) {
            parser.next();
            value = parser.getValue();
            trailing = parser.hasNext();
        } catch (RuntimeException e) {
            // JsonException, or a plain RuntimeException from Parsson for input nested too deeply
            throw invalid("invalid_body", "The body is not JSON: " + e.getMessage());
        }
        if (trailing) {
            throw invalid("invalid_body", "The body has more than one JSON value");
        }
        return value;
    }

    private static JsonObject object(JsonValue value, String what) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw invalid("invalid_body", what + " must be a JSON object");
    }

    /** The string field, or {@code null} when it is absent (or JSON null) and not required. */
    private static String string(JsonObject object, String name, boolean required) {
        JsonValue value = field(object, name);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value == null && !required) {
            return null;
        }
        throw invalid("invalid_field", name + (value == null ? " is missing" : " must be a string"));
    }

    /** The field's value; {@code null} when it is absent or JSON null. */
    private static JsonValue field(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static RuntimeException invalid(String code, String message) {
        return ErrorResponses.error(Response.Status.BAD_REQUEST, code, message);
    }
}
