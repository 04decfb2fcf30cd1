package dev.realtime.transport.websocket;

import dev.realtime.RealtimeException;
import dev.realtime.web.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A frame sent by a Pusher client: {@code {"event":…, "channel":…, "data":…}}. Pusher clients
 * send {@code data} as an object, some as a JSON string; {@link #dataObject()} accepts both. Error
 * messages never quote the frame's input (it can be as long as the frame).
 */
public record ClientFrame(String event, String channel, JsonValue data) {

    /** @throws RealtimeException {@code malformed_frame} when it is not a Pusher frame */
    public static ClientFrame parse(String text) {
        JsonValue value = read(text, "not JSON");
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw malformed("a frame must be a JSON object");
        }
        JsonObject object = value.asJsonObject();
        String event = string(object, "event");
        if (event == null || event.isEmpty()) {
            throw malformed("missing \"event\"");
        }
        return new ClientFrame(event, string(object, "channel"), object.getOrDefault("data", JsonValue.NULL));
    }

    /** {@code data} as an object, parsing it when the client sent it as a JSON string. */
    public JsonObject dataObject() {
        if (data.getValueType() == JsonValue.ValueType.OBJECT) {
            return data.asJsonObject();
        }
        if (data instanceof JsonString s) {
            return JsonP.parseObject(s.getString(), "\"data\"");
        }
        throw malformed("\"data\" must be a JSON object");
    }

    /**
     * Exactly one JSON value ({@link JsonP#singleValue}).
     *
     * @throws RealtimeException {@code malformed_frame} with {@code why} when it is not
     */
    private static JsonValue read(String text, String why) {
        JsonValue value = JsonP.singleValue(text);
        if (value == null) {
            throw malformed(why);
        }
        return value;
    }

    /** The string member {@code name} of {@link #dataObject()}, or {@code null}. */
    public String dataString(String name) {
        return string(dataObject(), name);
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static RealtimeException malformed(String why) {
        return new RealtimeException("malformed_frame", "Malformed frame: " + why);
    }
}
